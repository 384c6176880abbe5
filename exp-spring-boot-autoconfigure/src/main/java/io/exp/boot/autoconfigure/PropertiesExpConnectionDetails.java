package io.exp.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.exp.client.auth.ExpCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * {@link ExpConnectionDetails} read from {@link ExpProperties}, checking that exactly one
 * complete credential set is given.
 */
class PropertiesExpConnectionDetails implements ExpConnectionDetails {

	private static final Pattern HAS_PORT = Pattern.compile(":\\d+/?$");

	private final ExpProperties properties;

	PropertiesExpConnectionDetails(ExpProperties properties) {
		this.properties = properties;
	}

	/**
	 * Returns the base URL, or several separated by commas when {@code exp.host} names
	 * several nodes; a host without a port gets {@code exp.port}.
	 */
	@Override
	public String getBaseUrl() {
		return this.properties.getHost()
			.stream()
			.map(String::trim)
			.filter(StringUtils::hasText)
			.map((host) -> HAS_PORT.matcher(host).find() ? host : host + ":" + this.properties.getPort())
			.collect(Collectors.joining(","));
	}

	@Override
	public ExpCredentials getCredentials() {
		ExpProperties p = this.properties;
		List<String> set = new ArrayList<>();
		add(set, "exp.username", p.getUsername());
		add(set, "exp.password", p.getPassword());
		add(set, "exp.organization", p.getOrganization());
		add(set, "exp.uuid", p.getUuid());
		add(set, "exp.secret", p.getSecret());
		add(set, "exp.api-key", p.getApiKey());
		boolean user = has(p.getUsername()) || has(p.getPassword()) || has(p.getOrganization());
		boolean device = has(p.getSecret());
		boolean consumerApp = has(p.getApiKey());
		int kinds = (user ? 1 : 0) + (device ? 1 : 0) + (consumerApp ? 1 : 0);
		if (kinds == 0 && !has(p.getUuid())) {
			throw new InvalidExpCredentialsException("No EXP credentials are configured", set);
		}
		if (kinds > 1) {
			throw new InvalidExpCredentialsException("More than one kind of EXP credentials is configured", set);
		}
		if (user) {
			if (!has(p.getUsername()) || !has(p.getPassword()) || !has(p.getOrganization()) || has(p.getUuid())) {
				throw new InvalidExpCredentialsException("The EXP user credentials are incomplete", set);
			}
			return ExpCredentials.user(p.getUsername(), p.getPassword(), p.getOrganization());
		}
		if (!has(p.getUuid()) || kinds == 0) {
			throw new InvalidExpCredentialsException("The EXP device or consumer app credentials are incomplete", set);
		}
		return device ? ExpCredentials.device(p.getUuid(), p.getSecret(), p.isAllowPairing())
				: ExpCredentials.consumerApp(p.getUuid(), p.getApiKey());
	}

	private static boolean has(@Nullable String value) {
		return StringUtils.hasText(value);
	}

	private static void add(List<String> set, String name, @Nullable String value) {
		if (has(value)) {
			set.add(name);
		}
	}

}
