package dev.tally.payment.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/**
 * Part or all of a captured payment goes back to the account (the payment process credits it, or
 * records {@link RefundFailed}); {@code refundedTotal} is what the payment has refunded in all,
 * this refund included.
 */
@Revision("1")
public record PaymentRefunded(String paymentId, String refundId, String accountId, BigDecimal amount,
                              String currency, BigDecimal refundedTotal) implements PaymentEvent {
}
