package dev.tally.payment.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/**
 * A refund could not be credited to the account (it was closed in the meantime): it no longer
 * counts, and {@code refundedTotal} is what the payment has refunded in all without it.
 */
@Revision("1")
public record RefundFailed(String paymentId, String refundId, String accountId, BigDecimal amount, String currency,
                           String reason, BigDecimal refundedTotal) implements PaymentEvent {
}
