package io.tilegate.webhooks;

class WebhookDeliveryUpgradeH2Tests extends WebhookDeliveryUpgradeTests {

}
