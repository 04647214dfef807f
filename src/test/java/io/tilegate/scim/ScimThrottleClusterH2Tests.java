package io.tilegate.scim;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScimThrottleClusterH2Tests extends ScimThrottleClusterTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.h2();

	@Override
	ClusterDatabase database() {
		return database;
	}

}
