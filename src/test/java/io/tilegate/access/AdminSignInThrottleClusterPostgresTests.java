package io.tilegate.access;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminSignInThrottleClusterPostgresTests extends AdminSignInThrottleClusterTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.postgres();

	@Override
	ClusterDatabase database() {
		return database;
	}

}
