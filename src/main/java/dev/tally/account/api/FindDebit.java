package dev.tally.account.api;

/**
 * Ask whether an account was debited for a payment; answers a {@code Boolean}. Answered from the
 * event store, so a debit counts from the moment it is stored.
 */
public record FindDebit(String accountId, String paymentId) {
}
