package io.tilegate.provisioning;

class MappingPreviewH2Tests extends MappingPreviewTests {

}
