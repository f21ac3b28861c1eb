package dev.tally.payment.api;

import dev.tally.account.api.AccountHolder;
import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask for a payment from an account. {@code account} is what the account side knows of the
 * account, or {@code null} when there is no such account; {@code orderId} (optional) names an order
 * of the payer, whose owner {@code orderOwner} is ({@code null} when there is no such order);
 * {@code paysOrder} when the order's checkout asks; {@code description} is optional.
 */
public record RequestPayment(@TargetAggregateIdentifier String paymentId, String payer, String accountId,
                             AccountHolder account, Money amount, String orderId, String orderOwner,
                             boolean paysOrder, String description) {
}
