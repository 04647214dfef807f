package io.tilegate.api;

class AdminUsersApiH2Tests extends AdminUsersApiTests {

}
