package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** Money was paid into an account, in the account's currency. */
@Revision("1")
public record MoneyDeposited(String accountId, BigDecimal amount, String currency, String reference) {
}
