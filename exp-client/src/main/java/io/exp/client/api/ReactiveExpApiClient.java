package io.exp.client.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.exp.client.ExpApiException;
import io.exp.client.ExpNodes;
import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpAuthSource;
import io.exp.client.auth.ExpAuthenticator;
import io.exp.client.auth.ExpCredentials;
import io.exp.client.bus.ExpChannels;
import io.exp.client.bus.ExpEventBus;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The EXP API, non-blocking: every call answers a {@link Mono}. {@link ExpApiClient} is
 * its blocking twin.
 *
 * <pre class="code">
 * ReactiveExpApiClient api = ReactiveExpApiClient.builder()
 *     .host("http://localhost").port(9000)
 *     .credentials(ExpCredentials.user("joe@example.com", "joesmoe25", "exp"))
 *     .build();
 * api.findDevices(Map.of()).subscribe((devices) -&gt; ...);
 * api.close(); // when done
 * </pre> Built without a {@link Builder#webClientBuilder(WebClient.Builder)
 * WebClient.Builder}, the client makes its own HTTP event loop and connection pool, which
 * {@link #close()} ends; built from one (as Spring Boot does with the context's), it uses
 * that builder's resources and leaves them to their owner.
 *
 * @since 0.1.0
 */
public final class ReactiveExpApiClient implements AutoCloseable {

	static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	static final ResourceKind<ExpDevice> DEVICES = new ResourceKind<>("/api/devices", ExpDevice::new);

	static final ResourceKind<ExpThing> THINGS = new ResourceKind<>("/api/things", ExpThing::new);

	static final ResourceKind<ExpExperience> EXPERIENCES = new ResourceKind<>("/api/experiences", ExpExperience::new);

	static final ResourceKind<ExpLocation> LOCATIONS = new ResourceKind<>("/api/locations", ExpLocation::new);

	static final ResourceKind<ExpFeed> FEEDS = new ResourceKind<>("/api/connectors/feeds", ExpFeed::new);

	static final ResourceKind<ExpContent> CONTENT = new ResourceKind<>("/api/content", ExpContent::new);

	static final ResourceKind<ExpData> DATA = new ResourceKind<>("/api/data", ExpData::new);

	private final ExpHttp http;

	private final ExpAuthSource authSource;

	private final ExpNodes nodes;

	private final @Nullable OwnHttpResources ownResources;

	private final JsonMapper jsonMapper;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final @Nullable ExpChannels channels;

	private final ObservationRegistry observationRegistry;

	private ReactiveExpApiClient(ExpHttp http, ExpAuthSource authSource, ExpNodes nodes,
			@Nullable OwnHttpResources ownResources, JsonMapper jsonMapper, @Nullable ExpChannels channels,
			ObservationRegistry observationRegistry) {
		this.http = http;
		this.authSource = authSource;
		this.nodes = nodes;
		this.ownResources = ownResources;
		this.jsonMapper = jsonMapper;
		this.channels = channels;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Returns the application's Jackson mapper: it writes request bodies and converts
	 * typed document views, and the event bus built on this client uses it for payloads
	 * unless given its own.
	 * @return the mapper
	 */
	public JsonMapper getJsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Ends the HTTP event loop and connection pool that the client made for itself; a
	 * client built from a {@code WebClient.Builder} leaves that builder's resources to
	 * their owner.
	 */
	@Override
	public void close() {
		if (this.ownResources != null && this.closed.compareAndSet(false, true)) {
			this.ownResources.close();
		}
	}

	/**
	 * Returns a builder.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a builder for an event bus on this client's nodes, tokens, Jackson mapper
	 * and observation registry, that finds a device's experience and location channels
	 * with this client. Resources answer {@code getChannel()} from the channels given to
	 * {@link Builder#channels(ExpChannels)} when this client was built.
	 * @return a new event bus builder
	 */
	public ExpEventBus.Builder eventBus() {
		return ExpEventBus.builder(this.authSource, this.nodes)
			.jsonMapper(this.jsonMapper)
			.observationRegistry(this.observationRegistry)
			.currentDevice(getCurrentDevice().map(ExpDevice::getDocument));
	}

	/**
	 * Returns the auth payload held now, without any network call, for example for a
	 * health check.
	 * @return the current payload, or {@code null} before the first login
	 */
	public @Nullable ExpAuth getCurrentAuth() {
		return this.authSource.getAuth();
	}

	ExpAuthSource authSource() {
		return this.authSource;
	}

	/**
	 * Returns the current auth payload, logging in first when needed.
	 * @return the auth payload
	 */
	public Mono<ExpAuth> auth() {
		return this.authSource.auth();
	}

	ExpChannels channels() {
		ExpChannels bound = this.channels;
		Assert.state(bound != null, "No event bus is bound to this API client: enable it (exp.event-bus.enabled) or "
				+ "build the client with channels(...) before calling getChannel()");
		return bound;
	}

	ExpHttp http() {
		return this.http;
	}

	// devices, things, experiences, locations, feeds

	/**
	 * Finds devices, as the EXP Python SDK's {@code find_devices(**params)}.
	 * @param params query parameters: field filters (dotted paths allowed),
	 * {@code limit}, {@code skip}, {@code sort}
	 * @return the devices and their total
	 */
	public Mono<ExpResults<ExpDevice>> findDevices(Map<String, ?> params) {
		return find(DEVICES, params);
	}

	/**
	 * Returns a device.
	 * @param uuid the device's uuid
	 * @return the device, or empty when there is none
	 */
	public Mono<ExpDevice> getDevice(String uuid) {
		return get(DEVICES, uuid);
	}

	/**
	 * Creates a device.
	 * @param document the device's document
	 * @return the created device, with its uuid
	 */
	public Mono<ExpDevice> createDevice(Map<String, ?> document) {
		return create(DEVICES, document);
	}

	/**
	 * Deletes a device.
	 * @param uuid the device's uuid
	 * @return completes when deleted
	 */
	public Mono<Void> deleteDevice(String uuid) {
		return delete(DEVICES, uuid);
	}

	/**
	 * Finds things.
	 * @param params query parameters
	 * @return the things and their total
	 */
	public Mono<ExpResults<ExpThing>> findThings(Map<String, ?> params) {
		return find(THINGS, params);
	}

	/**
	 * Returns a thing.
	 * @param uuid the thing's uuid
	 * @return the thing, or empty
	 */
	public Mono<ExpThing> getThing(String uuid) {
		return get(THINGS, uuid);
	}

	/**
	 * Creates a thing.
	 * @param document the thing's document
	 * @return the created thing
	 */
	public Mono<ExpThing> createThing(Map<String, ?> document) {
		return create(THINGS, document);
	}

	/**
	 * Deletes a thing.
	 * @param uuid the thing's uuid
	 * @return completes when deleted
	 */
	public Mono<Void> deleteThing(String uuid) {
		return delete(THINGS, uuid);
	}

	/**
	 * Finds experiences.
	 * @param params query parameters
	 * @return the experiences and their total
	 */
	public Mono<ExpResults<ExpExperience>> findExperiences(Map<String, ?> params) {
		return find(EXPERIENCES, params);
	}

	/**
	 * Returns an experience.
	 * @param uuid the experience's uuid
	 * @return the experience, or empty
	 */
	public Mono<ExpExperience> getExperience(String uuid) {
		return get(EXPERIENCES, uuid);
	}

	/**
	 * Creates an experience.
	 * @param document the experience's document
	 * @return the created experience
	 */
	public Mono<ExpExperience> createExperience(Map<String, ?> document) {
		return create(EXPERIENCES, document);
	}

	/**
	 * Deletes an experience.
	 * @param uuid the experience's uuid
	 * @return completes when deleted
	 */
	public Mono<Void> deleteExperience(String uuid) {
		return delete(EXPERIENCES, uuid);
	}

	/**
	 * Finds locations.
	 * @param params query parameters
	 * @return the locations and their total
	 */
	public Mono<ExpResults<ExpLocation>> findLocations(Map<String, ?> params) {
		return find(LOCATIONS, params);
	}

	/**
	 * Returns a location.
	 * @param uuid the location's uuid
	 * @return the location, or empty
	 */
	public Mono<ExpLocation> getLocation(String uuid) {
		return get(LOCATIONS, uuid);
	}

	/**
	 * Creates a location.
	 * @param document the location's document
	 * @return the created location
	 */
	public Mono<ExpLocation> createLocation(Map<String, ?> document) {
		return create(LOCATIONS, document);
	}

	/**
	 * Deletes a location.
	 * @param uuid the location's uuid
	 * @return completes when deleted
	 */
	public Mono<Void> deleteLocation(String uuid) {
		return delete(LOCATIONS, uuid);
	}

	/**
	 * Finds feeds.
	 * @param params query parameters
	 * @return the feeds and their total
	 */
	public Mono<ExpResults<ExpFeed>> findFeeds(Map<String, ?> params) {
		return find(FEEDS, params);
	}

	/**
	 * Returns a feed.
	 * @param uuid the feed's uuid
	 * @return the feed, or empty
	 */
	public Mono<ExpFeed> getFeed(String uuid) {
		return get(FEEDS, uuid);
	}

	/**
	 * Creates a feed.
	 * @param document the feed's document
	 * @return the created feed
	 */
	public Mono<ExpFeed> createFeed(Map<String, ?> document) {
		return create(FEEDS, document);
	}

	/**
	 * Deletes a feed.
	 * @param uuid the feed's uuid
	 * @return completes when deleted
	 */
	public Mono<Void> deleteFeed(String uuid) {
		return delete(FEEDS, uuid);
	}

	// current resources

	/**
	 * Returns the device this client is logged in as.
	 * @return the device, or empty when the identity is not a device
	 */
	public Mono<ExpDevice> getCurrentDevice() {
		return auth().flatMap((auth) -> auth.identity().isDevice() ? getDevice(auth.identity().uuid()) : Mono.empty());
	}

	/**
	 * Returns the current device's experience.
	 * @return the experience, or empty
	 */
	public Mono<ExpExperience> getCurrentExperience() {
		return getCurrentDevice().flatMap(ExpDevice::getExperienceAsync);
	}

	/**
	 * Returns the current device's location.
	 * @return the location, or empty
	 */
	public Mono<ExpLocation> getCurrentLocation() {
		return getCurrentDevice().flatMap(ExpDevice::getLocationAsync);
	}

	/**
	 * Returns the current device's zones.
	 * @return the zones, empty when there are none
	 */
	public Mono<List<ExpZone>> getCurrentZones() {
		return getCurrentDevice().flatMap(ExpDevice::getZonesAsync).defaultIfEmpty(List.of());
	}

	// data and content

	/**
	 * Returns a data item, as the EXP Python SDK's {@code get_data(key, group)}.
	 * @param key the key
	 * @param group the group
	 * @return the data item, or empty
	 */
	public Mono<ExpData> getData(String key, String group) {
		return this.http.call(HttpMethod.GET, ExpData.path(group, key), Map.of(), null, JSON_OBJECT)
			.map((document) -> new ExpData(this, document))
			.onErrorResume(ReactiveExpApiClient::isNotFound, (ex) -> Mono.empty());
	}

	/**
	 * Creates or replaces a data item, as the EXP Python SDK's
	 * {@code create_data(key, group, value)}.
	 * @param key the key
	 * @param group the group
	 * @param value the value, a JSON object
	 * @return the stored data item
	 */
	public Mono<ExpData> createData(String key, String group, Map<String, ?> value) {
		return this.http.call(HttpMethod.PUT, ExpData.path(group, key), Map.of(), value, JSON_OBJECT)
			.map((document) -> new ExpData(this, document));
	}

	/**
	 * Finds data items.
	 * @param params query parameters, for example {@code group}
	 * @return the data items and their total
	 */
	public Mono<ExpResults<ExpData>> findData(Map<String, ?> params) {
		return find(DATA, params);
	}

	/**
	 * Returns a content node.
	 * @param uuid the content's uuid
	 * @return the content, or empty
	 */
	public Mono<ExpContent> getContent(String uuid) {
		return get(CONTENT, uuid);
	}

	/**
	 * Finds content, for example the children of a node with {@code parent}.
	 * @param params query parameters
	 * @return the content and its total
	 */
	public Mono<ExpResults<ExpContent>> findContent(Map<String, ?> params) {
		return find(CONTENT, params);
	}

	// raw calls

	/**
	 * GETs any API path, for what the typed API lacks.
	 * @param path the path, for example {@code /api/devices}
	 * @param params query parameters
	 * @return the answer
	 */
	public Mono<JsonNode> get(String path, Map<String, ?> params) {
		return raw(HttpMethod.GET, path, params, null);
	}

	/**
	 * POSTs to any API path.
	 * @param path the path
	 * @param body the body, serialized as JSON
	 * @return the answer
	 */
	public Mono<JsonNode> post(String path, @Nullable Object body) {
		return raw(HttpMethod.POST, path, Map.of(), body);
	}

	/**
	 * PATCHes any API path.
	 * @param path the path
	 * @param body the body, serialized as JSON
	 * @return the answer
	 */
	public Mono<JsonNode> patch(String path, @Nullable Object body) {
		return raw(HttpMethod.PATCH, path, Map.of(), body);
	}

	/**
	 * PUTs to any API path.
	 * @param path the path
	 * @param body the body, serialized as JSON
	 * @return the answer
	 */
	public Mono<JsonNode> put(String path, @Nullable Object body) {
		return raw(HttpMethod.PUT, path, Map.of(), body);
	}

	/**
	 * DELETEs any API path.
	 * @param path the path
	 * @return the answer, empty for 204
	 */
	public Mono<JsonNode> delete(String path) {
		return raw(HttpMethod.DELETE, path, Map.of(), null);
	}

	private Mono<JsonNode> raw(HttpMethod method, String path, Map<String, ?> params, @Nullable Object body) {
		return this.http.call(method, path, params, body, new ParameterizedTypeReference<JsonNode>() {
		});
	}

	String downloadUrl(String path, Map<String, ?> params) {
		ExpAuth auth = this.authSource.getAuth();
		if (auth == null) {
			auth = Blocking.await(auth());
		}
		Map<String, Object> query = new LinkedHashMap<>(params);
		query.put("_rt", auth.restrictedToken());
		return ExpUris.of(auth.apiHost(), path, query).toString();
	}

	private <T extends ExpDocument> Mono<ExpResults<T>> find(ResourceKind<T> kind, Map<String, ?> params) {
		return this.http.call(HttpMethod.GET, kind.path(), params, null, JSON_OBJECT).map((answer) -> {
			List<?> results = (answer.get("results") instanceof List<?> list) ? list : List.of();
			@SuppressWarnings("unchecked")
			List<T> resources = results.stream()
				.map((document) -> kind.factory().apply(this, (Map<String, Object>) document))
				.toList();
			long total = (answer.get("total") instanceof Number number) ? number.longValue() : resources.size();
			return new ExpResults<>(resources, total);
		});
	}

	private <T extends ExpDocument> Mono<T> get(ResourceKind<T> kind, String uuid) {
		return this.http.call(HttpMethod.GET, kind.path() + "/" + uuid, Map.of(), null, JSON_OBJECT)
			.map((document) -> kind.factory().apply(this, document))
			.onErrorResume(ReactiveExpApiClient::isNotFound, (ex) -> Mono.empty());
	}

	private <T extends ExpDocument> Mono<T> create(ResourceKind<T> kind, Map<String, ?> document) {
		return this.http.call(HttpMethod.POST, kind.path(), Map.of(), document, JSON_OBJECT)
			.map((created) -> kind.factory().apply(this, created));
	}

	private Mono<Void> delete(ResourceKind<?> kind, String uuid) {
		return this.http.call(HttpMethod.DELETE, kind.path() + "/" + uuid, Map.of(), null, JSON_OBJECT).then();
	}

	private static boolean isNotFound(Throwable ex) {
		return ex instanceof ExpApiException api && api.getStatus() == 404;
	}

	/**
	 * Builds a {@link ReactiveExpApiClient}.
	 */
	public static final class Builder {

		private String host = "http://localhost";

		private int port = 9000;

		private @Nullable String baseUrl;

		private @Nullable ExpCredentials credentials;

		private WebClient.@Nullable Builder webClientBuilder;

		private ExpApiSettings settings = ExpApiSettings.DEFAULTS;

		private Clock clock = Clock.systemUTC();

		private @Nullable JsonMapper jsonMapper;

		private ExpNodes.Order nodeOrder = ExpNodes.Order.ORDERED;

		private @Nullable ExpChannels channels;

		private @Nullable ObservationRegistry observationRegistry;

		private Builder() {
		}

		/**
		 * Sets the host, as the EXP Python SDK's {@code host}; {@code https://} included.
		 * @param host for example {@code http://localhost}
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/**
		 * Sets the port, as the EXP Python SDK's {@code port}.
		 * @param port for example 9000
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Sets the whole base URL instead of host and port; several nodes separated by
		 * commas, tried in turn when one cannot be reached.
		 * @param baseUrl for example {@code https://exp.example.com} or
		 * {@code http://a:9000,http://b:9000}
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Sets the credentials.
		 * @param credentials a user, device or consumer app
		 * @return this builder
		 */
		public Builder credentials(ExpCredentials credentials) {
			this.credentials = credentials;
			return this;
		}

		/**
		 * Sets the {@link WebClient.Builder} to build from, so its codecs, filters and
		 * observation apply.
		 * @param webClientBuilder the builder (it is cloned, not changed)
		 * @return this builder
		 */
		public Builder webClientBuilder(WebClient.Builder webClientBuilder) {
			this.webClientBuilder = webClientBuilder;
			return this;
		}

		/**
		 * Sets timeouts and retries.
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(ExpApiSettings settings) {
			this.settings = settings;
			return this;
		}

		/**
		 * Sets the application's Jackson mapper, for request bodies, typed document views
		 * and, unless the event bus is given its own, bus payloads; EXP's own wire fields
		 * (logins, errors, message envelopes) do not depend on it.
		 * @param jsonMapper the mapper; without one, a plain {@code JsonMapper}
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Sets which of several nodes the client starts with: the first, or one at random
		 * so that many clients spread over the nodes.
		 * @param nodeOrder the order
		 * @return this builder
		 */
		public Builder nodeOrder(ExpNodes.Order nodeOrder) {
			this.nodeOrder = nodeOrder;
			return this;
		}

		/**
		 * Sets the event bus channels that resources answer from {@code getChannel()}: an
		 * {@link ExpEventBus}, or a lookup of one made later, such as
		 * {@code (name, system, consumer) -> bus.channel(name, system, consumer)}.
		 * @param channels the channels
		 * @return this builder
		 */
		public Builder channels(ExpChannels channels) {
			this.channels = channels;
			return this;
		}

		/**
		 * Observes API calls ({@code http.client.requests}, through the WebClient) and
		 * the event bus of {@link ReactiveExpApiClient#eventBus()} with Micrometer
		 * Observation. Without one, a given {@code WebClient.Builder} keeps its own
		 * registry, and the event bus is not observed.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * Sets the clock that decides when to refresh tokens.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the client; it logs in on its first call. Without a
		 * {@code WebClient.Builder} it makes its own HTTP resources:
		 * {@link ReactiveExpApiClient#close() close} it when done.
		 * @return the client
		 */
		public ReactiveExpApiClient build() {
			Assert.state(this.credentials != null, "EXP credentials are required: a user, device or consumer app");
			ExpNodes nodes = ExpNodes.parse((this.baseUrl != null) ? this.baseUrl : this.host + ":" + this.port,
					this.nodeOrder);
			ExpNodes.Cursor node = nodes.cursor();
			OwnHttpResources ownResources = (this.webClientBuilder != null) ? null : new OwnHttpResources();
			WebClient.Builder webClientBuilder = (ownResources != null) ? ownResources.webClientBuilder()
					: this.webClientBuilder.clone();
			if (this.observationRegistry != null) {
				webClientBuilder.observationRegistry(this.observationRegistry);
			}
			WebClient webClient = webClientBuilder.build();
			ExpAuthenticator authenticator = new ExpAuthenticator(webClient, node::current, this.credentials,
					this.settings.timeout(), this.clock);
			JsonMapper json = (this.jsonMapper != null) ? this.jsonMapper : JsonMapper.builder().build();
			return new ReactiveExpApiClient(new ExpHttp(webClient, authenticator, node, this.settings, json),
					authenticator, nodes, ownResources, json, this.channels,
					(this.observationRegistry != null) ? this.observationRegistry : ObservationRegistry.NOOP);
		}

	}

}
