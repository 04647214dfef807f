package io.tilegate.directory;

import java.util.Locale;

import org.springframework.dao.DataIntegrityViolationException;

/** A user name some other user of the tenant has already, whatever its case. */
public class UserNameTakenException extends DataIntegrityViolationException {

	private final String userName;

	UserNameTakenException(String userName, Throwable cause) {
		super("The user name '" + userName + "' is taken by another user (user names ignore case).", cause);
		this.userName = userName;
	}

	public String userName() {
		return this.userName;
	}

	/** Whether the database refused a write for the unique key on user names. */
	static boolean causedBy(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && message.toLowerCase(Locale.ROOT).contains("app_user_user_name_unique")) {
				return true;
			}
		}
		return false;
	}

}
