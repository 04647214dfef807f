package io.tilegate.directory;

class DirectoryH2Tests extends DirectoryTests {

}
