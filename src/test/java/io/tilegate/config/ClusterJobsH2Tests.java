package io.tilegate.config;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterJobsH2Tests extends ClusterJobsTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.h2();

	@Override
	ClusterDatabase database() {
		return database;
	}

}
