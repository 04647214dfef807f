package io.tilegate.api;

class PersonaApiH2Tests extends PersonaApiTests {

}
