package dev.tally.webhook;

import java.time.Instant;

/**
 * One event due to one webhook, as the outbox holds it.
 *
 * @param payload         the event's payload as the event store's serializer writes it (personal data sealed)
 * @param aggregateId     null for an event of no aggregate (it is then ordered after nothing)
 * @param responseStatus  the status of the last answer; null if there was none (not tried, or no answer)
 */
record Delivery(String webhookId, String eventId, String eventType, String aggregateId, Long sequence,
                Instant occurredAt, String payloadType, String payloadRevision, byte[] payload, Status status,
                int attempts, Instant giveUpAt, Instant lastAttemptAt, Integer responseStatus) {

    enum Status { PENDING, DELIVERED, FAILED }
}
