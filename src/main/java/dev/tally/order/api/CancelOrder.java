package dev.tally.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancel the order; a paid order is refunded. */
public record CancelOrder(@TargetAggregateIdentifier String orderId, Long expectedVersion) {
}
