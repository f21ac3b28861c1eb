package dev.tally.payment.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** The payment's amount was taken from the account: the money is captured. */
@Revision("1")
public record PaymentCompleted(String paymentId, String accountId, BigDecimal amount, String currency,
                               String orderId) implements PaymentEvent {
}
