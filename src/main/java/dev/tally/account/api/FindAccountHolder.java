package dev.tally.account.api;

/**
 * Ask who holds an account and whether it is open; answers an {@code Optional<AccountHolder>}.
 * Answered from the event store, not the read model, so it knows an account from the moment it is
 * opened and a closing from the moment it is stored.
 */
public record FindAccountHolder(String accountId) {
}
