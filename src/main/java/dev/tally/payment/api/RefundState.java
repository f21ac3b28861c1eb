package dev.tally.payment.api;

/** What a refund answers; {@code created} is false when the refund id had been handled before. */
public record RefundState(String paymentId, String refundId, long version, PaymentStatus status, boolean created) {
}
