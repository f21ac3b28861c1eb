package dev.tally.payment.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment process reports that the account could not be debited, and why. */
public record DeclinePayment(@TargetAggregateIdentifier String paymentId, String reason) {
}
