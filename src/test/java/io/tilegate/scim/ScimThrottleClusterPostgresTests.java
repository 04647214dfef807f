package io.tilegate.scim;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScimThrottleClusterPostgresTests extends ScimThrottleClusterTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.postgres();

	@Override
	ClusterDatabase database() {
		return database;
	}

}
