package dev.tally.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ship a paid order (staff only). */
public record ShipOrder(@TargetAggregateIdentifier String orderId, Long expectedVersion) {
}
