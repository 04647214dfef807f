package io.tilegate.people;

class PeopleDirectoryH2Tests extends PeopleDirectoryTests {

}
