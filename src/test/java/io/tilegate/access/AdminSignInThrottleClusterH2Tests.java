package io.tilegate.access;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminSignInThrottleClusterH2Tests extends AdminSignInThrottleClusterTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.h2();

	@Override
	ClusterDatabase database() {
		return database;
	}

}
