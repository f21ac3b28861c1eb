package dev.tally.account.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** Money of a payment was given back to the account, once for that refund. */
@Revision("1")
public record RefundCredited(String accountId, String paymentId, String refundId, BigDecimal amount,
                             String currency) implements AccountEvent {
}
