package dev.tally.payment.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment process reports that the account was debited. */
public record CompletePayment(@TargetAggregateIdentifier String paymentId) {
}
