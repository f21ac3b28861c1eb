package dev.tally.account.api;

/** Ask the read model for one page of a user's accounts, oldest first; answers an {@link AccountPage}. */
public record ListAccounts(String owner, int page, int size) {
}
