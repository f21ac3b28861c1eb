package dev.tally.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment process reports that the order's payment was declined. */
public record MarkPaymentFailed(@TargetAggregateIdentifier String orderId, String paymentId, String reason) {
}
