package io.tilegate.directory;

import java.util.Objects;

/**
 * The order a search returns a connection's groups in, as {@link UserOrder} is for users: by
 * one attribute, then by id; groups without a value last, and first when descending.
 * @param by what groups are ordered by
 * @param descending whether the order is reversed
 */
public record GroupOrder(By by, boolean descending) {

	public GroupOrder {
		Objects.requireNonNull(by, "by");
	}

	public static GroupOrder oldestFirst() {
		return new GroupOrder(By.CREATED, false);
	}

	public enum By {

		CREATED, LAST_MODIFIED, DISPLAY_NAME, EXTERNAL_ID

	}

}
