package dev.tally.account.api;

/** Ask the read model for one account; answers an {@code Optional<AccountView>}. */
public record FindAccount(String accountId) {
}
