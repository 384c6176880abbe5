package io.exp.client.bus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.exp.client.auth.ExpAuth;
import io.exp.client.auth.ExpAuthSource;
import reactor.core.publisher.Mono;

/**
 * Where this identity's channels are: its organization, which names channel ids, and the
 * experience and location its well-known channels stand for (a device's own, otherwise
 * the ones chosen, otherwise the channels of those names). Looked up once, as the first
 * step of a connection attempt, and retried with it.
 */
final class ChannelScope {

	private final ExpAuthSource authSource;

	private final Mono<Map<String, Object>> currentDevice;

	private final Duration timeout;

	private final String chosenExperience;

	private final String chosenLocation;

	private final Map<String, String> channelIds = new ConcurrentHashMap<>();

	private volatile String organization = "";

	private volatile String experience;

	private volatile String location;

	private volatile boolean resolved;

	/**
	 * Creates a scope.
	 * @param authSource the tokens, whose identity names the organization
	 * @param currentDevice the document of this identity's device, empty when it is not a
	 * device
	 * @param timeout how long a lookup of the organization may take outside a connection
	 * attempt
	 * @param experience the chosen experience
	 * @param location the chosen location
	 */
	ChannelScope(ExpAuthSource authSource, Mono<Map<String, Object>> currentDevice, Duration timeout, String experience,
			String location) {
		this.authSource = authSource;
		this.currentDevice = currentDevice;
		this.timeout = timeout;
		this.chosenExperience = experience;
		this.chosenLocation = location;
		this.experience = experience;
		this.location = location;
	}

	/**
	 * Looks up the organization and, for a device, its experience and location, once.
	 */
	Mono<Void> resolve() {
		if (this.resolved) {
			return Mono.empty();
		}
		return this.currentDevice.doOnNext((device) -> {
			this.experience = linked(device, "experience", this.chosenExperience);
			this.location = linked(device, "location", this.chosenLocation);
		}).then(this.authSource.auth()).doOnNext((auth) -> {
			this.organization = auth.identity().organization();
			this.resolved = true;
		}).then();
	}

	private static String linked(Map<String, Object> document, String field, String fallback) {
		return (document.get(field) instanceof Map<?, ?> link && link.get("uuid") instanceof String uuid) ? uuid
				: fallback;
	}

	String experience() {
		return this.experience;
	}

	String location() {
		return this.location;
	}

	String channelId(String name, boolean system, boolean consumer) {
		if (this.organization.isEmpty()) {
			ExpAuth auth = this.authSource.getAuth();
			if (auth == null) {
				auth = this.authSource.auth().block(this.timeout);
			}
			this.organization = auth.identity().organization();
		}
		String organization = this.organization;
		return this.channelIds.computeIfAbsent(organization + '\n' + name + '\n' + system + '\n' + consumer,
				(key) -> ChannelIds.encode(organization, name, system, consumer));
	}

}
