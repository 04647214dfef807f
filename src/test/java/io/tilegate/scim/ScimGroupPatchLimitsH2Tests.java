package io.tilegate.scim;

class ScimGroupPatchLimitsH2Tests extends ScimGroupPatchLimitsTests {

}
