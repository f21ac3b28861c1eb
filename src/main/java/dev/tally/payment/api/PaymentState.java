package dev.tally.payment.api;

/** What a payment command answers: the payment's status and version right after it. */
public record PaymentState(String paymentId, long version, PaymentStatus status) {
}
