package io.tilegate.config;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterBucketsPostgresTests extends ClusterBucketsTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.postgres();

	@Override
	ClusterDatabase database() {
		return database;
	}

}
