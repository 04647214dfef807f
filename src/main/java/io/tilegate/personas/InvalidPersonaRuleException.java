package io.tilegate.personas;

/** A persona rule that cannot be saved or previewed, with the path of the part that is wrong. */
public class InvalidPersonaRuleException extends IllegalArgumentException {

	private final String path;

	public InvalidPersonaRuleException(String path, String problem) {
		super("The rule is not valid at " + path + ": " + problem + ".");
		this.path = path;
	}

	public String path() {
		return this.path;
	}

}
