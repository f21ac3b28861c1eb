package dev.tally.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take a product's line out of the cart. */
public record RemoveItem(@TargetAggregateIdentifier String orderId, String productId, Long expectedVersion) {
}
