package io.tilegate.scim;

class ScimSearchH2Tests extends ScimSearchTests {

}
