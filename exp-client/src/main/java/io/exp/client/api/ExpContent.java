package io.exp.client.api;

import java.util.List;
import java.util.Map;

import io.exp.client.bus.ExpChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A node of the content tree: a folder, file, app or url, with children and delivery
 * URLs.
 *
 * @since 0.1.0
 */
public class ExpContent extends ExpDocument {

	ExpContent(ReactiveExpApiClient client, Map<String, Object> document) {
		super(client, document);
	}

	/**
	 * Returns the uuid.
	 * @return the uuid
	 */
	public String getUuid() {
		return String.valueOf(this.document.get("uuid"));
	}

	/**
	 * Returns the subtype, for example {@code scala:content:file}.
	 * @return the subtype, or {@code null}
	 */
	public @Nullable String getSubtype() {
		return text("subtype");
	}

	/**
	 * Returns the children of this content.
	 * @return the children
	 */
	public ExpResults<ExpContent> getChildren() {
		return Blocking.await(getChildrenAsync());
	}

	/**
	 * Reactive twin of {@link #getChildren()}.
	 * @return the children
	 */
	public Mono<ExpResults<ExpContent>> getChildrenAsync() {
		return this.client.findContent(Map.of("parent", getUuid()));
	}

	/**
	 * Returns the delivery URL: a url content's {@code url}, or the delivery path with
	 * the restricted token.
	 * @return the URL, or {@code null} for content that is not delivered (a folder)
	 */
	public @Nullable String getUrl() {
		if ("scala:content:url".equals(getSubtype())) {
			return text("url");
		}
		String path = text("path");
		if (path == null || "scala:content:folder".equals(getSubtype())) {
			return null;
		}
		return this.client.downloadUrl("/api/delivery" + path, Map.of());
	}

	/**
	 * Returns the delivery URL of a variant.
	 * @param name the variant's name
	 * @return the URL, or {@code null} when the content has no such variant
	 */
	public @Nullable String getVariantUrl(String name) {
		String path = text("path");
		if (!hasVariant(name) || path == null) {
			return null;
		}
		return this.client.downloadUrl("/api/delivery" + path, Map.of("variant", name));
	}

	/**
	 * Whether the content has a variant of that name.
	 * @param name the variant's name
	 * @return {@code true} when it has
	 */
	public boolean hasVariant(String name) {
		return (this.document.get("variants") instanceof List<?> variants) && variants.stream()
			.anyMatch((variant) -> variant instanceof Map<?, ?> map && name.equals(map.get("name")));
	}

	/**
	 * Returns the content's event bus channel, named by its uuid.
	 * @return the channel
	 */
	public ExpChannel getChannel() {
		return this.client.channels().channel(getUuid());
	}

}
