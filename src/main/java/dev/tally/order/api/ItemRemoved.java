package dev.tally.order.api;

import org.axonframework.serialization.Revision;

/** A product's line was taken out of a cart. */
@Revision("1")
public record ItemRemoved(String orderId, String productId) implements OrderEvent {
}
