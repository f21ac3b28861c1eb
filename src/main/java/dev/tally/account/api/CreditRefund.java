package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give money of a payment back to the account it was taken from. Sent by the payment process;
 * for a refund already credited it changes nothing.
 */
public record CreditRefund(@TargetAggregateIdentifier String accountId, String paymentId, String refundId,
                           Money amount) {
}
