package dev.tally.order.api;

import org.axonframework.serialization.Revision;

/** A customer started a cart, in one currency; {@code owner} is the user it belongs to. */
@Revision("1")
public record CartCreated(String orderId, String owner, String currency) implements OrderEvent {
}
