package io.tilegate.images;

class AvatarsH2Tests extends AvatarsTests {

}
