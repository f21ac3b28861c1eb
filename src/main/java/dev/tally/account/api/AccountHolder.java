package dev.tally.account.api;

/** Who an account belongs to and in which currency it keeps money: facts that never change. */
public record AccountHolder(String accountId, String owner, String currency) {
}
