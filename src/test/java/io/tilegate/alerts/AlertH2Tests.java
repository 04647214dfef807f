package io.tilegate.alerts;

class AlertH2Tests extends AlertTests {

}
