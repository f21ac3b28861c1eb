package dev.tally.payment.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** A user asked to pay an amount from their account; {@code orderId} and {@code description} may be null. */
@Revision("1")
public record PaymentRequested(String paymentId, String payer, String accountId, BigDecimal amount,
                               String currency, String orderId, String description) {
}
