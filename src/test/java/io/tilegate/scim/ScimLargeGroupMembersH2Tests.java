package io.tilegate.scim;

class ScimLargeGroupMembersH2Tests extends ScimLargeGroupMembersTests {

}
