package dev.tally.webhook;

import dev.tally.shared.DomainRejection;

/** The webhook does not exist, or it is not the caller's. */
class WebhookNotFound extends DomainRejection.NotFound {
    WebhookNotFound(String webhookId) {
        super("There is no webhook " + webhookId + ".");
    }
}
