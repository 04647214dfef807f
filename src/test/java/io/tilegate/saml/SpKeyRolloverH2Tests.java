package io.tilegate.saml;

class SpKeyRolloverH2Tests extends SpKeyRolloverTests {

}
