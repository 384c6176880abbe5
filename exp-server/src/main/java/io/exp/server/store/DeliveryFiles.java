package io.exp.server.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The bytes behind content delivery and location layout URLs, by organization, path and
 * variant.
 *
 * @since 0.1.0
 */
public class DeliveryFiles {

	private final Map<String, DeliveryFile> files = new ConcurrentHashMap<>();

	/**
	 * Adds a file.
	 * @param organization the owning organization
	 * @param path the file's path, for example {@code /images/logo.png}
	 * @param variant the variant's name, or {@code null} for the original
	 * @param file the file
	 */
	public void put(String organization, String path, @Nullable String variant, DeliveryFile file) {
		this.files.put(key(organization, path, variant), file);
	}

	/**
	 * Returns a file.
	 * @param organization the caller's organization
	 * @param path the file's path
	 * @param variant the variant's name, or {@code null} for the original
	 * @return the file, or empty when absent
	 */
	public Optional<DeliveryFile> get(String organization, String path, @Nullable String variant) {
		return Optional.ofNullable(this.files.get(key(organization, path, variant)));
	}

	private static String key(String organization, String path, @Nullable String variant) {
		return organization + '\u0000' + path + '\u0000' + ((variant != null) ? variant : "");
	}

	/**
	 * A deliverable file.
	 *
	 * @param contentType its media type
	 * @param bytes its content
	 */
	public record DeliveryFile(String contentType, byte[] bytes) {
	}

}
