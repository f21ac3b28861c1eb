package dev.tally.payment.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/**
 * A user asked to pay an amount from their account; {@code orderId} and {@code description} may be
 * null. {@code paysOrder} tells that an order's checkout asked for it: such a payment is refunded by
 * cancelling the order, never through the payments API (revision 2; see domain-docs/events.md).
 */
@Revision("2")
public record PaymentRequested(String paymentId, String payer, String accountId, BigDecimal amount,
                               String currency, String orderId, String description, boolean paysOrder) implements PaymentEvent {
}
