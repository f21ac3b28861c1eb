package dev.tally.payment.api;

public enum PaymentStatus {
    REQUESTED, COMPLETED, DECLINED, REFUNDED, PARTIALLY_REFUNDED
}
