package dev.tally.order.api;

/**
 * An event of an order's own stream: the events its aggregate applies. The {@code order-summary}
 * read model folds every one of them, so it handles this type; the list is closed, so that a new
 * event is added here, where its place in the fold is thought of.
 */
public sealed interface OrderEvent permits
        CartCreated,
        ItemAdded,
        ItemRemoved,
        OrderCheckedOut,
        OrderPaid,
        OrderPaymentFailed,
        OrderCancelled,
        OrderShipped,
        CartAbandoned {

    /** The order the event belongs to, its aggregate's identifier. */
    String orderId();
}
