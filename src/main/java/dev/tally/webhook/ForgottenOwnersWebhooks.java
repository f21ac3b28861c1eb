package dev.tally.webhook;

import dev.tally.privacy.api.CustomerForgotten;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A customer whose personal data is forgotten loses their webhooks: the URL they gave may name them,
 * and with their key gone the secret can sign nothing again. In the outbox's processing group, so
 * that the webhooks go on every node's behalf exactly where the stream has the event, and a replay
 * deletes them again (nothing). An admin's webhook asking for {@code CustomerForgotten} still gets it:
 * the outbox handles the event too.
 */
@Component
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
class ForgottenOwnersWebhooks {

    private final WebhookRegistry webhooks;

    ForgottenOwnersWebhooks(WebhookRegistry webhooks) {
        this.webhooks = webhooks;
    }

    @EventHandler
    void on(CustomerForgotten forgotten) {
        webhooks.ownedBy(forgotten.customer()).forEach(webhook -> webhooks.delete(webhook.webhookId()));
    }
}
