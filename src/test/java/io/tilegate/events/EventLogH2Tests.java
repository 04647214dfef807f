package io.tilegate.events;

class EventLogH2Tests extends EventLogTests {

}
