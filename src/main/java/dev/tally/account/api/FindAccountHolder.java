package dev.tally.account.api;

/**
 * Ask who holds an account; answers an {@code Optional<AccountHolder>}. Answered from the event
 * store, not the read model, so it knows an account from the moment it is opened.
 */
public record FindAccountHolder(String accountId) {
}
