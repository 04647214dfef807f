package io.tilegate.webhooks;

class WebhookDeliveryH2Tests extends WebhookDeliveryTests {

}
