package dev.tally.order.api;

import dev.tally.account.api.AccountHolder;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Check the cart out, to be paid from an account. {@code account} is what the account side knows
 * of the account (owner and currency), or {@code null} when there is no such account.
 */
public record CheckOut(@TargetAggregateIdentifier String orderId, String accountId, AccountHolder account,
                       Long expectedVersion) {
}
