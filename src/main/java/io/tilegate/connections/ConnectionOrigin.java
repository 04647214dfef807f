package io.tilegate.connections;

/** Where a connection came from, so an admin knows where to change it. */
public enum ConnectionOrigin {

	/** A file in the IdP metadata folder, reloaded at every start. */
	FOLDER,
	/** The admin API or the admin pages. */
	API,
	/** The built-in demo identity provider. */
	DEMO

}
