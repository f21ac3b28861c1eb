package dev.tally.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A registered webhook. Its signing secret is not part of it: the registry keeps it sealed and opens
 * it only to sign a delivery ({@link WebhookRegistry#signingSecret}).
 *
 * @param owner   the subject of the user who registered it (never a login)
 * @param seesAll whether it receives everyone's events (registered by an admin)
 */
record Webhook(String webhookId, String owner, boolean seesAll, String url, List<String> eventTypes,
               Instant createdAt) {

    /** Whether an event of this owner is one this webhook receives. */
    boolean receivesEventsOf(String eventOwner) {
        return seesAll || owner.equals(eventOwner);
    }
}
