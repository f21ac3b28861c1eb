package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take money out of an account, as far as balance and overdraft allow. */
public record WithdrawMoney(@TargetAggregateIdentifier String accountId, Money amount, String reference,
                            Long expectedVersion) {
}
