package dev.tally.account.api;

/**
 * Who an account belongs to, in which currency it keeps money (facts that never change), and
 * whether it is still open (it closes once, and then takes no more money).
 */
public record AccountHolder(String accountId, String owner, String currency, boolean open) {
}
