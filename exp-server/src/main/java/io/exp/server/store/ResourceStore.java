package io.exp.server.store;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Keeps resource documents by organization, kind and id. Every operation is scoped to one
 * organization: a store never returns or changes another organization's documents.
 *
 * @since 0.1.0
 */
public interface ResourceStore {

	/**
	 * Finds the documents of a kind that match a query.
	 * @param organization the caller's organization
	 * @param kind the resource kind, for example {@code devices}
	 * @param query filters, paging and sorting
	 * @return the page of matching documents and their total
	 */
	ResultPage find(String organization, String kind, ResourceQuery query);

	/**
	 * Returns one document.
	 * @param organization the caller's organization
	 * @param kind the resource kind
	 * @param id the document's id
	 * @return the document, or empty when the organization has none with that id
	 */
	Optional<Map<String, Object>> get(String organization, String kind, String id);

	/**
	 * Stores a document, replacing any document with the same id.
	 * @param organization the owning organization
	 * @param kind the resource kind
	 * @param id the document's id
	 * @param document the document
	 * @return the stored document
	 */
	Map<String, Object> put(String organization, String kind, String id, Map<String, Object> document);

	/**
	 * Changes an existing document atomically.
	 * @param organization the caller's organization
	 * @param kind the resource kind
	 * @param id the document's id
	 * @param change computes the new document from the current one
	 * @return the new document, or empty when there is none with that id
	 */
	Optional<Map<String, Object>> update(String organization, String kind, String id,
			UnaryOperator<Map<String, Object>> change);

	/**
	 * Deletes a document.
	 * @param organization the caller's organization
	 * @param kind the resource kind
	 * @param id the document's id
	 * @return whether a document was deleted
	 */
	boolean delete(String organization, String kind, String id);

}
