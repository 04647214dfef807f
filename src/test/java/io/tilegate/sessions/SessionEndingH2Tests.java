package io.tilegate.sessions;

class SessionEndingH2Tests extends SessionEndingTests {

}
