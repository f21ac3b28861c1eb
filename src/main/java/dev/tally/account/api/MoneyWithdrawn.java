package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/**
 * Money was taken out of an account, in the account's currency. Revision 2 renamed
 * {@code reference} to {@code description}. See domain-docs/events.md.
 */
@Revision("2")
public record MoneyWithdrawn(String accountId, BigDecimal amount, String currency, String description) implements AccountEvent {
}
