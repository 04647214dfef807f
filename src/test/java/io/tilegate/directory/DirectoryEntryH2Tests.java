package io.tilegate.directory;

class DirectoryEntryH2Tests extends DirectoryEntryTests {

}
