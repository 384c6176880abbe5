package io.exp.client.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Something EXP answers as a JSON document. The document map is the source of truth:
 * change it and save.
 *
 * @since 0.1.0
 */
public abstract class ExpDocument {

	final ReactiveExpApiClient client;

	Map<String, Object> document;

	ExpDocument(ReactiveExpApiClient client, Map<String, Object> document) {
		this.client = client;
		this.document = new LinkedHashMap<>(document);
	}

	/**
	 * Returns the raw document, mutable, as the EXP Python SDK's
	 * {@code resource.document}.
	 * @return the document
	 */
	public Map<String, Object> getDocument() {
		return this.document;
	}

	/**
	 * Returns a typed view of the document, converted with the client's Jackson mapper
	 * (the application's, see {@link ReactiveExpApiClient.Builder#jsonMapper}); the
	 * document stays the source of truth.
	 * @param <T> the view type
	 * @param type the view type, for example a record with the fields you need
	 * @return the view
	 */
	public <T> T getDocument(Class<T> type) {
		return this.client.getJsonMapper().convertValue(this.document, type);
	}

	/**
	 * Returns the {@code name} field.
	 * @return the name, or {@code null}
	 */
	public @Nullable String getName() {
		return text("name");
	}

	@Nullable String text(String field) {
		return (this.document.get(field) instanceof String text) ? text : null;
	}

	@SuppressWarnings("unchecked")
	@Nullable String text(String object, String field) {
		return (this.document.get(object) instanceof Map<?, ?> map && map.get(field) instanceof String text) ? text
				: null;
	}

	void replace(Map<String, Object> document) {
		this.document = new LinkedHashMap<>(document);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + this.document;
	}

}
