package io.tilegate.directory;

/**
 * A provisioning write the directory will not make, with the field at fault and words an
 * admin can act on. Nothing of the write is kept.
 */
public class ProfileRejectedException extends IllegalArgumentException {

	private final String field;

	public ProfileRejectedException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The contract's name of the field, e.g. {@code manager}. */
	public String field() {
		return this.field;
	}

}
