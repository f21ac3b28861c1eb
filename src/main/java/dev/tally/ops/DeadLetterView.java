package dev.tally.ops;

import java.time.Instant;

/**
 * An event a processor could not handle, parked with the error. {@code sequence} is the position
 * of the letter in its sequence: later events of the same aggregate wait behind the first.
 */
public record DeadLetterView(String processor, String aggregateId, int sequence, String eventType, String eventId,
                             Instant storedAt, Instant enqueuedAt, Instant lastTouched, String errorType,
                             String errorMessage) {
}
