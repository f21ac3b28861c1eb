package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Pay money into an account. {@code description} is optional free text, {@code channel} the way
 * the money comes in, {@code expectedVersion} (optional) the client's If-Match.
 */
public record DepositMoney(@TargetAggregateIdentifier String accountId, Money amount, String description,
                           String channel, Long expectedVersion) {
}
