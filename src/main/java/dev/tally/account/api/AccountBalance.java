package dev.tally.account.api;

import dev.tally.shared.money.Money;

/** What a command that moved money answers: the account's balance and version right after it. */
public record AccountBalance(String accountId, long version, Money balance) {
}
