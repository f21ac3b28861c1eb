package dev.tally.payment.api;

/**
 * An event of a payment's own stream: the events its aggregate applies. The {@code payment-summary}
 * read model folds every one of them, so it handles this type; the list is closed, so that a new
 * event is added here, where its place in the fold is thought of.
 */
public sealed interface PaymentEvent permits
        PaymentRequested,
        PaymentCompleted,
        PaymentDeclined,
        PaymentRefunded,
        RefundFailed {

    /** The payment the event belongs to, its aggregate's identifier. */
    String paymentId();
}
