package io.tilegate.directory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.directory.DirectoryLimits.MAX_CUSTOM_VALUE;
import static io.tilegate.directory.DirectoryLimits.MAX_LABEL;
import static io.tilegate.directory.DirectoryLimits.checkLength;
import static io.tilegate.directory.DirectoryLimits.now;
import static io.tilegate.directory.DirectoryLimits.tooLong;

/**
 * The text fields an admin adds to every user's profile, and the values users have in them.
 * A value is kept only for a field defined first, so that a typo in an IdP's mapping does not
 * quietly grow a field nobody can see.
 */
@Service
public class CustomFields {

	private static final Pattern CUSTOM_FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

	private final CustomFieldRepository fields;

	private final EventLog events;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	CustomFields(CustomFieldRepository fields, EventLog events, Clock clock, JdbcTemplate jdbc) {
		this.fields = fields;
		this.events = events;
		this.clock = clock;
		this.jdbc = jdbc;
	}

	/**
	 * Defines a custom text field, or relabels it if it exists: running the same set-up twice
	 * is harmless.
	 * @param name what IdPs send as {@code custom.<name>}: a letter, then up to 63 letters,
	 * digits or underscores
	 * @param label what people read; the name when blank
	 */
	@Transactional
	public CustomField defineCustomField(String name, String label, String actor) {
		if (name == null || !CUSTOM_FIELD_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A custom field name is a letter followed by up to 63 letters, digits or "
					+ "underscores; '" + name + "' is not.");
		}
		String cleanLabel = (label == null || label.isBlank()) ? name : label.trim();
		if (cleanLabel.length() > MAX_LABEL) {
			throw new IllegalArgumentException("A custom field label has at most " + MAX_LABEL + " characters.");
		}
		Optional<CustomField> existing = this.fields.findById(name);
		if (existing.isPresent()) {
			CustomField field = existing.get();
			if (!field.getLabel().equals(cleanLabel)) {
				String oldLabel = field.getLabel();
				field.relabel(cleanLabel);
				this.events
					.event(EventType.CUSTOM_FIELD_DEFINED,
							"Custom field " + name + " relabelled from '" + oldLabel + "' to '" + cleanLabel + "'")
					.actor(actor)
					.record();
			}
			return field;
		}
		CustomField field = this.fields.saveAndFlush(new CustomField(name, cleanLabel, now(this.clock)));
		// Earlier sign-ins may have sent this field before it existed: their next one must map it.
		this.jdbc.update("update identity_link set attributes_digest = null where attributes_digest is not null");
		this.events
			.event(EventType.CUSTOM_FIELD_DEFINED, "Custom field defined: " + name + " ('" + cleanLabel + "')")
			.actor(actor)
			.record();
		return field;
	}

	/** The custom fields in the order they were defined, which is the order pages show them. */
	@Transactional(readOnly = true)
	public List<CustomFieldView> customFields() {
		return this.fields.findAllByOrderByCreatedAtAscNameAsc()
			.stream()
			.map((field) -> new CustomFieldView(field.getName(), field.getLabel()))
			.toList();
	}

	/** The names of the custom fields, in definition order: a plain read for every sign-in. */
	public List<String> customFieldNames() {
		return this.jdbc.queryForList("select name from custom_field order by created_at, name", String.class);
	}

	/**
	 * Writes a sign-in's values ({@code Optional.empty()} clears one). A value of an undefined
	 * field, or one too long to keep, is skipped with a warning: a login must not be blocked by
	 * one odd attribute.
	 */
	void applyCustomValues(User user, Map<String, Optional<String>> values, List<ProfileChange> changes,
			List<String> warnings) {
		Set<String> defined = this.fields.findAllById(values.keySet())
			.stream()
			.map(CustomField::getName)
			.collect(Collectors.toSet());
		for (Map.Entry<String, Optional<String>> entry : values.entrySet()) {
			String name = entry.getKey();
			String value = entry.getValue().orElse(null);
			if (!defined.contains(name)) {
				warnings.add("There is no custom field '" + name + "'; define it first, or its values are dropped.");
				continue;
			}
			if (value != null && value.length() > MAX_CUSTOM_VALUE) {
				warnings.add(tooLong("custom." + name, value, MAX_CUSTOM_VALUE));
				continue;
			}
			String old = user.getCustomValues().get(name);
			if (Objects.equals(old, value)) {
				continue;
			}
			if (value == null) {
				user.getCustomValues().remove(name);
			}
			else {
				user.getCustomValues().put(name, value);
			}
			changes.add(new ProfileChange("custom." + name, old, value));
		}
	}

	/**
	 * Makes the user's values exactly these, as a provisioning client means them: the client
	 * is refused what cannot be kept, so that it does not believe it was.
	 * @throws ProfileRejectedException for an undefined field or a value too long
	 */
	void replaceCustomValues(User user, Map<String, String> values, List<ProfileChange> changes) {
		Map<String, String> current = user.getCustomValues();
		Set<String> unknown = new HashSet<>(values.keySet());
		unknown.removeAll(current.keySet());
		if (!unknown.isEmpty()) {
			this.fields.findAllById(unknown).forEach((field) -> unknown.remove(field.getName()));
			if (!unknown.isEmpty()) {
				String name = unknown.iterator().next();
				throw new ProfileRejectedException("custom." + name, "There is no custom field '" + name
						+ "'; define it in Tilegate first, or remove the mapping in the IdP.");
			}
		}
		for (Map.Entry<String, String> entry : values.entrySet()) {
			checkLength("custom." + entry.getKey(), entry.getValue(), MAX_CUSTOM_VALUE);
		}
		for (String name : List.copyOf(current.keySet())) {
			if (!values.containsKey(name)) {
				changes.add(new ProfileChange("custom." + name, current.remove(name), null));
			}
		}
		for (Map.Entry<String, String> entry : values.entrySet()) {
			String old = current.get(entry.getKey());
			if (!entry.getValue().equals(old)) {
				current.put(entry.getKey(), entry.getValue());
				changes.add(new ProfileChange("custom." + entry.getKey(), old, entry.getValue()));
			}
		}
	}

	/** The user's values with their fields' labels, in the order the fields were defined. */
	List<UserProfile.CustomValue> labelled(Map<String, String> values) {
		if (values.isEmpty()) {
			return List.of();
		}
		return this.fields.findAllByOrderByCreatedAtAscNameAsc()
			.stream()
			.filter((field) -> values.containsKey(field.getName()))
			.map((field) -> new UserProfile.CustomValue(field.getName(), field.getLabel(), values.get(field.getName())))
			.toList();
	}

}
