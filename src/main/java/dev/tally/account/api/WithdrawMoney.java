package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take money out of an account. {@code description} is optional free text; {@code expectedVersion} the If-Match. */
public record WithdrawMoney(@TargetAggregateIdentifier String accountId, Money amount, String description,
                            Long expectedVersion) {
}
