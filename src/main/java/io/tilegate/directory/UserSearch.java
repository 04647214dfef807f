package io.tilegate.directory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Which users a search wants, as a small tree the directory turns into one SQL query. Text
 * comparisons ignore case except on {@link Attribute#EXTERNAL_ID}; an absent value never
 * equals anything, and differs from everything.
 */
public sealed interface UserSearch {

	static UserSearch everyone() {
		return Constant.EVERYONE;
	}

	static UserSearch nobody() {
		return Constant.NOBODY;
	}

	static UserSearch compare(Attribute attribute, Operator operator, Object value) {
		return new Comparison(attribute, operator, value);
	}

	static UserSearch present(Attribute attribute) {
		return new Present(attribute);
	}

	static UserSearch all(List<UserSearch> terms) {
		return new All(terms);
	}

	static UserSearch any(List<UserSearch> terms) {
		return new Any(terms);
	}

	static UserSearch not(UserSearch term) {
		return new Not(term);
	}

	/** What a search can compare, and the type its values have. */
	enum Attribute {

		ID(Kind.ID), USER_NAME(Kind.TEXT), EXTERNAL_ID(Kind.TEXT), DISPLAY_NAME(Kind.TEXT), FIRST_NAME(Kind.TEXT),
		LAST_NAME(Kind.TEXT),
		EMAIL(Kind.TEXT), PHONE(Kind.TEXT), TITLE(Kind.TEXT), COMPANY(Kind.TEXT), DEPARTMENT(Kind.TEXT),
		EMPLOYEE_NUMBER(Kind.TEXT), ACTIVE(Kind.BOOLEAN), CREATED(Kind.INSTANT), LAST_MODIFIED(Kind.INSTANT);

		private final Kind kind;

		Attribute(Kind kind) {
			this.kind = kind;
		}

		Kind kind() {
			return this.kind;
		}

		/** Whether the operator applies to values of this attribute. */
		public boolean supports(Operator operator) {
			return switch (this.kind) {
				case ID, BOOLEAN -> operator == Operator.EQ || operator == Operator.NE;
				case TEXT -> operator.text;
				case INSTANT -> operator.ordering;
			};
		}

		enum Kind {

			ID, TEXT, BOOLEAN, INSTANT

		}

	}

	enum Operator {

		EQ(true, true), NE(true, true), CO(true, false), SW(true, false), EW(true, false), GT(false, true),
		GE(false, true), LT(false, true), LE(false, true);

		private final boolean text;

		private final boolean ordering;

		Operator(boolean text, boolean ordering) {
			this.text = text;
			this.ordering = ordering;
		}

	}

	/**
	 * @param value a {@link UUID} for {@link Attribute#ID}, a {@link Boolean} for
	 * {@link Attribute#ACTIVE}, an {@link Instant} for the time stamps, else a String
	 */
	record Comparison(Attribute attribute, Operator operator, Object value) implements UserSearch {

		public Comparison {
			Objects.requireNonNull(attribute, "attribute");
			Objects.requireNonNull(operator, "operator");
			Objects.requireNonNull(value, "value");
			if (!attribute.supports(operator)) {
				throw new IllegalArgumentException(attribute + " cannot be compared with " + operator);
			}
			Class<?> expected = switch (attribute.kind()) {
				case ID -> UUID.class;
				case TEXT -> String.class;
				case BOOLEAN -> Boolean.class;
				case INSTANT -> Instant.class;
			};
			if (!expected.isInstance(value)) {
				throw new IllegalArgumentException(attribute + " is compared with a " + expected.getSimpleName()
						+ ", not with " + value.getClass().getSimpleName());
			}
		}

	}

	record Present(Attribute attribute) implements UserSearch {

		public Present {
			Objects.requireNonNull(attribute, "attribute");
		}

	}

	record All(List<UserSearch> terms) implements UserSearch {

		public All {
			terms = List.copyOf(terms);
		}

	}

	record Any(List<UserSearch> terms) implements UserSearch {

		public Any {
			terms = List.copyOf(terms);
		}

	}

	record Not(UserSearch term) implements UserSearch {

		public Not {
			Objects.requireNonNull(term, "term");
		}

	}

	enum Constant implements UserSearch {

		EVERYONE, NOBODY

	}

}
