package io.tilegate.photos;

class PhotoFetchQueueH2Tests extends PhotoFetchQueueTests {

}
