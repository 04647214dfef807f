package io.tilegate.connections;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tilegate.config.TilegateProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads every {@code NAME.xml} of the IdP metadata folder as connection {@code NAME} at
 * start-up. A broken file is reported and skipped: one bad file must not keep everyone else
 * from signing in.
 */
@Component
@Order(0)
class IdpMetadataFolder implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(IdpMetadataFolder.class);

	private static final List<String> OPTION_KEYS = List.of("preset", "allow-idp-initiated", "link-by-email",
			"saml-updates-scim-managed", "admin-groups", "display-name", "max-session-age-minutes", "email-domains");

	private final Connections connections;

	private final EventLog events;

	private final Path folder;

	IdpMetadataFolder(Connections connections, EventLog events, TilegateProperties properties) {
		this.connections = connections;
		this.events = events;
		this.folder = properties.idpMetadataDir();
	}

	@Override
	public void run(ApplicationArguments args) {
		load();
	}

	/** Loads the folder; returns the ids of the connections loaded. */
	List<String> load() {
		List<String> loaded = new ArrayList<>();
		if (this.folder == null || !Files.isDirectory(this.folder)) {
			logger.info("No IdP metadata folder at {}; connections come from the database only",
					this.folder == null ? "(unset)" : this.folder.toAbsolutePath());
			return loaded;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder, "*.xml")) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				String id = name.substring(0, name.length() - ".xml".length());
				if (loadOne(file, id)) {
					loaded.add(id);
				}
			}
		}
		catch (IOException ex) {
			logger.error("Could not list the IdP metadata folder {}: {}", this.folder.toAbsolutePath(), ex.getMessage());
		}
		return loaded;
	}

	/**
	 * The metadata plus, from an optional {@code NAME.properties} beside it, the connection's
	 * options: {@code preset}, {@code allow-idp-initiated}, {@code link-by-email},
	 * {@code saml-updates-scim-managed}, {@code admin-groups}, {@code display-name},
	 * {@code email-domains} and {@code attribute.<field>=<attribute name>}. A file without
	 * {@code email-domains} leaves the connection's domains as the database has them.
	 */
	private static ConnectionSettings settings(Path metadata, String xml) throws IOException {
		String name = metadata.getFileName().toString();
		Path optionsFile = metadata.resolveSibling(name.substring(0, name.length() - ".xml".length()) + ".properties");
		if (!Files.isRegularFile(optionsFile)) {
			return ConnectionSettings.metadataOnly(xml);
		}
		Properties options = new Properties();
		try (Reader reader = Files.newBufferedReader(optionsFile, StandardCharsets.UTF_8)) {
			options.load(reader);
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		for (String key : options.stringPropertyNames()) {
			if (key.startsWith("attribute.")) {
				attributes.put(key.substring("attribute.".length()), options.getProperty(key).trim());
			}
			else if (!OPTION_KEYS.contains(key)) {
				throw new InvalidConnectionException(optionsFile.getFileName() + " has an unknown option '" + key
						+ "'; the options are " + OPTION_KEYS + " and attribute.<field>");
			}
		}
		return new ConnectionSettings(xml, options.getProperty("preset"), attributes, flag(options, "allow-idp-initiated"),
				flag(options, "link-by-email"), flag(options, "saml-updates-scim-managed"), list(options, "admin-groups"),
				options.getProperty("display-name"), minutes(optionsFile, options, "max-session-age-minutes"),
				list(options, "email-domains"));
	}

	private static List<String> list(Properties options, String key) {
		String value = options.getProperty(key);
		return (value != null) ? List.of(value.split(",")) : null;
	}

	private static Duration minutes(Path optionsFile, Properties options, String key) {
		String value = options.getProperty(key);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofMinutes(Long.parseLong(value.strip()));
		}
		catch (NumberFormatException ex) {
			throw new InvalidConnectionException(optionsFile.getFileName() + ": " + key + " is a whole number of "
					+ "minutes, e.g. 480, or 0 for the user session timeout; '" + value.strip() + "' is not.");
		}
	}

	private static Boolean flag(Properties options, String key) {
		String value = options.getProperty(key);
		if (value == null) {
			return null;
		}
		if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
			throw new InvalidConnectionException("Option " + key + " must be true or false, not '" + value + "'");
		}
		return Boolean.valueOf(value.trim());
	}

	private boolean loadOne(Path file, String id) {
		try {
			if (Files.size(file) > IdpMetadata.MAX_METADATA_CHARS) {
				throw new InvalidConnectionException("the file is larger than 1 MB; IdP metadata is a few kilobytes");
			}
			String xml = Files.readString(file, StandardCharsets.UTF_8);
			Connection saved = this.connections.save(id, settings(file, xml), ConnectionOrigin.FOLDER, "metadata folder");
			logger.info("Loaded IdP metadata {} as connection '{}' (IdP entity ID {})", file, id, saved.getEntityId());
			return true;
		}
		catch (InvalidConnectionException | IOException ex) {
			String reason = ex.getMessage();
			logger.error("Skipped IdP metadata file {}: {}. Fix or remove the file; other connections are unaffected.",
					file, reason);
			this.events.event(EventType.CONNECTION_REJECTED, "Skipped IdP metadata file " + file.getFileName() + ": " + reason)
				.connection(Connections.isValidId(id) ? id : null)
				.actor("metadata folder")
				.recordAlone();
			return false;
		}
	}

}
