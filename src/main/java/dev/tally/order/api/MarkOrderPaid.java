package dev.tally.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment process reports that the order's payment completed. */
public record MarkOrderPaid(@TargetAggregateIdentifier String orderId, String paymentId) {
}
