package io.tilegate.connections;

class ConnectionMetricsH2Tests extends ConnectionMetricsTests {

}
