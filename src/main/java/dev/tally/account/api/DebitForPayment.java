package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Take a payment's amount from the account of the user who pays. Sent by the payment process;
 * for a payment already debited it changes nothing, so a retried step never moves money twice.
 */
public record DebitForPayment(@TargetAggregateIdentifier String accountId, String paymentId, String payer,
                              Money amount) {
}
