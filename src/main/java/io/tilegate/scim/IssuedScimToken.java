package io.tilegate.scim;

/**
 * A token just created: the only time its secret exists outside the IdP.
 */
public record IssuedScimToken(String secret, ScimToken token) {

	@Override
	public String toString() {
		return "IssuedScimToken[" + this.token.getId() + "]";
	}

}
