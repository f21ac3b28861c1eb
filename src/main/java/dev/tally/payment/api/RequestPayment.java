package dev.tally.payment.api;

import dev.tally.account.api.AccountHolder;
import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask for a payment from an account. {@code account} is what the account side knows of the
 * account (owner and currency), or {@code null} when there is no such account; {@code orderId}
 * and {@code description} are optional.
 */
public record RequestPayment(@TargetAggregateIdentifier String paymentId, String payer, String accountId,
                             AccountHolder account, Money amount, String orderId, String description) {
}
