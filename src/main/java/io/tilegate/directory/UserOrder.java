package io.tilegate.directory;

import java.util.Objects;

/**
 * The order a search returns users in: by one attribute, then by id, so that pages read one
 * after another never repeat or skip anyone even where many users share a value. Users
 * without a value come last, and first when descending: a descending order is exactly the
 * ascending one reversed.
 * @param by what users are ordered by
 * @param descending whether the order is reversed
 */
public record UserOrder(By by, boolean descending) {

	public UserOrder {
		Objects.requireNonNull(by, "by");
	}

	/** Oldest first, the order without a sort: new users join the end of a listing in progress. */
	public static UserOrder oldestFirst() {
		return new UserOrder(By.CREATED, false);
	}

	/** What users can be ordered by: what the database has an index for. */
	public enum By {

		CREATED, LAST_MODIFIED, USER_NAME, DISPLAY_NAME, FAMILY_NAME, EXTERNAL_ID

	}

}
