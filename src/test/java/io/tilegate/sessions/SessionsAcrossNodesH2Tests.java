package io.tilegate.sessions;

import java.util.List;

/**
 * On the H2 file, as a single node keeps it: the restart reopens the file from disk, every node
 * of the first run having closed it.
 */
class SessionsAcrossNodesH2Tests extends SessionsAcrossNodesTests {

	private final String file = "./target/sessions-across-nodes-" + System.nanoTime() + "/tilegate";

	@Override
	List<String> database() {
		return List.of("--spring.datasource.url=jdbc:h2:file:" + this.file + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000");
	}

}
