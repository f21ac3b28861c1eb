package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** The debit of a payment that was declined went back to the account, once for that payment. */
@Revision("1")
public record DebitReturned(String accountId, String paymentId, BigDecimal amount, String currency) implements AccountEvent {
}
