package io.tilegate.provisioning;

class JitProvisionerH2Tests extends JitProvisionerTests {

}
