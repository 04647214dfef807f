package io.tilegate.api;

class UserImageApiH2Tests extends UserImageApiTests {

}
