package io.tilegate.access;

/** A key just created: the only time its secret exists outside the script that uses it. */
public record IssuedAdminApiKey(String secret, AdminApiKey key) {

	@Override
	public String toString() {
		return "IssuedAdminApiKey[" + this.key.getId() + "]";
	}

}
