package io.tilegate.scim;

class ScimTokenMetricsH2Tests extends ScimTokenMetricsTests {

}
