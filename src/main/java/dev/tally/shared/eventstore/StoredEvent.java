package dev.tally.shared.eventstore;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One event as the event store holds it: the payload and metadata exactly as stored (JSON), with
 * the revision it was stored with, before any upcaster has touched it.
 */
public record StoredEvent(long sequence, String type, String revision, Instant timestamp,
                          @JsonRawValue String payload, @JsonRawValue String metadata) {
}
