package io.tilegate.images;

class ProfileImagesH2Tests extends ProfileImagesTests {

}
