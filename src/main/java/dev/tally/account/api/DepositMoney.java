package dev.tally.account.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Pay money into an account. {@code expectedVersion} (optional) is the client's If-Match. */
public record DepositMoney(@TargetAggregateIdentifier String accountId, Money amount, String reference,
                           Long expectedVersion) {
}
