package io.tilegate.directory;

class FoundationMigrationH2Tests extends FoundationMigrationTests {

}
