package io.tilegate.directory;

class PushedGroupsH2Tests extends PushedGroupsTests {

}
