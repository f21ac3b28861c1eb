package dev.tally.order.api;

import org.axonframework.serialization.Revision;

/** A paid order left the warehouse. */
@Revision("1")
public record OrderShipped(String orderId) implements OrderEvent {
}
