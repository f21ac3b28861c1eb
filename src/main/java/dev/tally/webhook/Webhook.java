package dev.tally.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A registered webhook.
 *
 * @param owner   the subject of the user who registered it (never a login)
 * @param seesAll whether it receives everyone's events (registered by an admin)
 */
record Webhook(String webhookId, String owner, boolean seesAll, String url, List<String> eventTypes, String secret,
               Instant createdAt) {

    /** Whether an event of this owner is one this webhook receives. */
    boolean receivesEventsOf(String eventOwner) {
        return seesAll || owner.equals(eventOwner);
    }
}
