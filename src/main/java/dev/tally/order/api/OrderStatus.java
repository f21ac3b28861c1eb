package dev.tally.order.api;

public enum OrderStatus {
    CART, PAYMENT_PENDING, PAID, PAYMENT_FAILED, SHIPPED, CANCELLED
}
