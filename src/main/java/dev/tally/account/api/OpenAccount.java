package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open an account for the issuing user; the overdraft limit's currency is the account's. */
public record OpenAccount(@TargetAggregateIdentifier String accountId, String holderName, Money overdraftLimit) {
}
