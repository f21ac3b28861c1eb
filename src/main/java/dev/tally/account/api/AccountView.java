package dev.tally.account.api;

import java.time.Instant;

import dev.tally.shared.money.Money;

/** An account as the read model (or a temporal query) sees it after event number {@code version}. */
public record AccountView(String accountId, String owner, String holderName, Money balance, Money overdraftLimit,
                          AccountStatus status, long version, Instant openedAt) {
}
