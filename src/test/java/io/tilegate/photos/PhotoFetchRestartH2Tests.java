package io.tilegate.photos;

import java.util.UUID;

/** On an H2 file, as a single node keeps it in {@code ./data/}. */
class PhotoFetchRestartH2Tests extends PhotoFetchRestartTests {

	@Override
	protected String newDatabaseUrl() {
		return "jdbc:h2:file:./target/photo-restart-" + UUID.randomUUID() + ";AUTO_SERVER=FALSE;WRITE_DELAY=0";
	}

}
