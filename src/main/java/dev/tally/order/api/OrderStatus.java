package dev.tally.order.api;

/**
 * Where an order is in its life, as the state diagram in domain-docs/orders.md draws it:
 * {@code CART -> PAYMENT_PENDING -> PAID -> SHIPPED}, with {@code PAYMENT_FAILED} (check out again,
 * or cancel) and {@code CANCELLED} on the way. The Order aggregate asks these instead of testing
 * statuses itself.
 */
public enum OrderStatus {
    CART, PAYMENT_PENDING, PAID, PAYMENT_FAILED, SHIPPED, CANCELLED;

    /** Items are added and removed only in the cart. */
    public boolean mayChangeItems() {
        return this == CART;
    }

    /** A cart, or an order whose payment failed (a new attempt). */
    public boolean mayCheckOut() {
        return this == CART || this == PAYMENT_FAILED;
    }

    /** Waiting for the outcome of its payment. */
    public boolean awaitsPayment() {
        return this == PAYMENT_PENDING;
    }

    /** Not while its payment is under way, and not once shipped; a paid order is refunded when cancelled. */
    public boolean mayCancel() {
        return this == CART || this == PAYMENT_FAILED || this == PAID;
    }

    /** Only a paid order ships. */
    public boolean mayShip() {
        return this == PAID;
    }
}
