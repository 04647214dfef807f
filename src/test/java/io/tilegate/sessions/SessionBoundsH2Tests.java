package io.tilegate.sessions;

class SessionBoundsH2Tests extends SessionBoundsTests {

}
