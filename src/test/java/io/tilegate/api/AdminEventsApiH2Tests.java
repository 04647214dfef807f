package io.tilegate.api;

class AdminEventsApiH2Tests extends AdminEventsApiTests {

}
