package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** A payment's amount was taken from the account, once for that payment. */
@Revision("1")
public record AccountDebited(String accountId, String paymentId, BigDecimal amount, String currency) implements AccountEvent {
}
