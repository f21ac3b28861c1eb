package dev.tally.account.api;

/**
 * An event of an account's own stream: the events its aggregate applies. The {@code account-summary}
 * read model folds every one of them, so it handles this type; the list is closed, so that a new
 * event is added here, where its place in the fold is thought of.
 */
public sealed interface AccountEvent permits
        AccountOpened,
        MoneyDeposited,
        MoneyWithdrawn,
        AccountDebited,
        RefundCredited,
        DebitReturned,
        AccountClosed {

    /** The account the event belongs to, its aggregate's identifier. */
    String accountId();
}
