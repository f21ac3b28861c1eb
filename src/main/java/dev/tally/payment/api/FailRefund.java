package dev.tally.payment.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment process reports that a refund could not be credited to the account, and why. */
public record FailRefund(@TargetAggregateIdentifier String paymentId, String refundId, String reason) {
}
