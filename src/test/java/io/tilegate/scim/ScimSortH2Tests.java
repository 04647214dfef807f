package io.tilegate.scim;

class ScimSortH2Tests extends ScimSortTests {

}
