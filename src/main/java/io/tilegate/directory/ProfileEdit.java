package io.tilegate.directory;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a writer wants changed on a profile. A field not mentioned is left alone; a field set
 * to {@code null} or blank is cleared. That difference is what lets an IdP that stops sending
 * an attribute leave the stored value in place.
 */
public final class ProfileEdit {

	private final Map<ProfileField, Optional<String>> texts = new EnumMap<>(ProfileField.class);

	private Optional<LocalDate> hireDate;

	private final Map<String, Optional<String>> custom = new LinkedHashMap<>();

	/**
	 * Sets a text field, or {@link ProfileField#MANAGER} to the manager's user name or email.
	 */
	public ProfileEdit set(ProfileField field, String value) {
		if (field == ProfileField.HIRE_DATE) {
			throw new IllegalArgumentException("Set the hire date with hireDate(LocalDate)");
		}
		this.texts.put(field, clean(value));
		return this;
	}

	public ProfileEdit hireDate(LocalDate hireDate) {
		this.hireDate = Optional.ofNullable(hireDate);
		return this;
	}

	/** Sets the value of a defined custom field; {@code null} or blank removes it. */
	public ProfileEdit custom(String fieldName, String value) {
		this.custom.put(fieldName, clean(value));
		return this;
	}

	public boolean isEmpty() {
		return this.texts.isEmpty() && this.hireDate == null && this.custom.isEmpty();
	}

	Map<ProfileField, Optional<String>> texts() {
		return Collections.unmodifiableMap(this.texts);
	}

	/** {@code null} when the hire date is not to be touched. */
	Optional<LocalDate> hireDate() {
		return this.hireDate;
	}

	Map<String, Optional<String>> custom() {
		return Collections.unmodifiableMap(this.custom);
	}

	private static Optional<String> clean(String value) {
		return (value == null || value.isBlank()) ? Optional.empty() : Optional.of(value.trim());
	}

}
