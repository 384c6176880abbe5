package io.exp.server.auth;

import java.util.List;
import java.util.Set;

import io.exp.server.rest.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Decides from the HTTP method and the path what each kind of identity may do over REST,
 * after {@link BearerAuthenticationInterceptor} or {@link DownloadTokenInterceptor}
 * verified who calls; anything else is answered with 403 {@code auth.forbidden}. Every
 * call stays within the caller's organization. {@code GET} includes {@code HEAD}.
 *
 * <table>
 * <caption>Who may call what</caption>
 * <tr>
 * <th>Call</th>
 * <th>user</th>
 * <th>device</th>
 * <th>consumer app</th>
 * <th>pairing device</th>
 * </tr>
 * <tr>
 * <td>{@code POST /api/auth/login}</td>
 * <td colspan="4">anyone, before any token</td>
 * </tr>
 * <tr>
 * <td>{@code POST /api/auth/token}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code GET /api/devices}, {@code /api/things} and {@code /{uuid}}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code GET /api/experiences}, {@code /api/locations} and {@code /{uuid}},
 * {@code GET /api/locations/{uuid}/layout}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code GET /api/connectors/feeds}, {@code /{uuid}} and {@code /{uuid}/data}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code POST /api/devices}, {@code /api/things}, {@code /api/experiences},
 * {@code /api/locations}, {@code /api/connectors/feeds}</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code PATCH /api/devices/{uuid}}</td>
 * <td>yes</td>
 * <td>its own uuid only</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code PATCH}, {@code DELETE} of things, experiences, locations, feeds;
 * {@code DELETE} of devices</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code GET /api/content}, {@code /{uuid}}, {@code /{uuid}/children},
 * {@code GET /api/delivery/**}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code GET /api/data}, {@code /{group}/{key}}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code PUT}, {@code DELETE /api/data/{group}/{key}}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code GET /api/presence}</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code POST /api/networks/current/broadcasts}, {@code /responses} (then the bus's
 * channel rules)</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>yes</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>anything else under {@code /api}</td>
 * <td>yes</td>
 * <td>no</td>
 * <td>no</td>
 * <td>no</td>
 * </tr>
 * </table>
 */
class AccessMatrixInterceptor implements HandlerInterceptor {

	private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);

	private static final List<Rule> RULES = List.of(
			rule(Set.of(HttpMethod.POST), "/api/auth/token", Caller.DEVICE, Caller.CONSUMER_APP, Caller.PAIRING),
			rule(READ, "/api/{kind:devices|things}/**", Caller.DEVICE),
			rule(READ, "/api/{kind:experiences|locations}/**", Caller.DEVICE, Caller.CONSUMER_APP),
			rule(READ, "/api/connectors/feeds/**", Caller.DEVICE),
			rule(READ, "/api/{kind:content|delivery|data}/**", Caller.DEVICE, Caller.CONSUMER_APP),
			rule(Set.of(HttpMethod.PUT, HttpMethod.DELETE), "/api/data/**", Caller.DEVICE),
			rule(READ, "/api/presence", Caller.DEVICE),
			rule(Set.of(HttpMethod.POST), "/api/networks/current/{kind:broadcasts|responses}", Caller.DEVICE,
					Caller.CONSUMER_APP),
			new Rule(Set.of(HttpMethod.PATCH), parse("/api/devices/{uuid}"), Set.of(Caller.DEVICE), true));

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Identity identity = (Identity) request.getAttribute(BearerAuthenticationInterceptor.IDENTITY_ATTRIBUTE);
		if (identity == null) {
			throw new InvalidTokenException("Send the token as 'Authorization: Bearer <token>'");
		}
		Caller caller = Caller.of(identity);
		if (caller == Caller.USER) {
			return true;
		}
		HttpMethod method = HttpMethod.valueOf(request.getMethod());
		PathContainer path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()
				: ServletRequestPathUtils.parseAndCache(request).pathWithinApplication();
		if (RULES.stream().anyMatch((rule) -> rule.allows(caller, identity, method, path))) {
			return true;
		}
		throw new ApiException(HttpStatus.FORBIDDEN, "auth.forbidden",
				caller.allowance + ": " + method.name() + " " + path.value() + " is not allowed");
	}

	private static Rule rule(Set<HttpMethod> methods, String pattern, Caller... callers) {
		return new Rule(methods, parse(pattern), Set.of(callers), false);
	}

	private static PathPattern parse(String pattern) {
		return PathPatternParser.defaultInstance.parse(pattern);
	}

	/**
	 * The kinds of identity that the matrix tells apart.
	 */
	enum Caller {

		USER("A user may do anything within its organization"),

		DEVICE("A device may read its organization's resources, content and data, write data and change its own"
				+ " device document"),

		CONSUMER_APP("A consumer app may only read content, experiences, locations and data"),

		PAIRING("A device being paired may see and change nothing until a user adds it to an organization and it"
				+ " logs in again");

		private final String allowance;

		Caller(String allowance) {
			this.allowance = allowance;
		}

		static Caller of(Identity identity) {
			if (identity.isPairing()) {
				return PAIRING;
			}
			return switch (identity.type()) {
				case Identity.USER -> USER;
				case Identity.DEVICE -> DEVICE;
				case Identity.CONSUMER_APP -> CONSUMER_APP;
				default -> throw new InvalidTokenException("The token names an unknown type of identity");
			};
		}

	}

	/**
	 * Calls that some kinds of identity may make.
	 *
	 * @param methods the HTTP methods
	 * @param pattern the paths
	 * @param callers who may make them
	 * @param ownUuidOnly whether the path's {@code uuid} must be the caller's own
	 */
	record Rule(Set<HttpMethod> methods, PathPattern pattern, Set<Caller> callers, boolean ownUuidOnly) {

		boolean allows(Caller caller, Identity identity, HttpMethod method, PathContainer path) {
			if (!this.callers.contains(caller) || !this.methods.contains(method)) {
				return false;
			}
			PathPattern.PathMatchInfo match = this.pattern.matchAndExtract(path);
			return match != null && (!this.ownUuidOnly || identity.uuid().equals(match.getUriVariables().get("uuid")));
		}

	}

}
