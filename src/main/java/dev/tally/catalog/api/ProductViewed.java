package dev.tally.catalog.api;

import org.axonframework.serialization.Revision;

/**
 * A user looked at a product. It belongs to no aggregate: it is published on the event bus and
 * stored in the event store like every other event; when it happened is the message's timestamp.
 */
@Revision("1")
public record ProductViewed(String productId, String viewer) {
}
