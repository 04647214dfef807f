package io.tilegate.personas;

class PersonaRecomputeH2Tests extends PersonaRecomputeTests {

}
