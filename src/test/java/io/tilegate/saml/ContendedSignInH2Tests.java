package io.tilegate.saml;

class ContendedSignInH2Tests extends ContendedSignInTests {

}
