package dev.tally.payment.api;

import org.axonframework.serialization.Revision;

/** The payment could not be taken from the account (short of funds, closed, no answer in time). */
@Revision("1")
public record PaymentDeclined(String paymentId, String reason, String orderId) implements PaymentEvent {
}
