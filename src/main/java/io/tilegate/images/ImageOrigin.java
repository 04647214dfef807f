package io.tilegate.images;

/** Who gave the image a person is shown with. */
public enum ImageOrigin {

	/** The person uploaded it on their home page. */
	USER,

	/** An admin uploaded it, in the console or through the admin API. */
	ADMIN,

	/** The IdP sent its URL (SAML {@code photo}, SCIM {@code photos}) and Tilegate fetched it. */
	IDP

}
