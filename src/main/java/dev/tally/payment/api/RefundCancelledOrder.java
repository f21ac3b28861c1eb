package dev.tally.payment.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give back all that is left of the payment of an order that was cancelled after it was paid.
 * Sent by the payment process; the same {@code refundId} again refunds nothing more.
 */
public record RefundCancelledOrder(@TargetAggregateIdentifier String paymentId, String refundId, String orderId) {
}
