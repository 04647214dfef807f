package io.tilegate.connections;

class EmailDomainUpgradeH2Tests extends EmailDomainUpgradeTests {

}
