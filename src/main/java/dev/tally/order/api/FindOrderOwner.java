package dev.tally.order.api;

/**
 * Ask who an order belongs to; answers an {@code Optional<String>} (empty: no such order).
 * Answered from the event store, so it knows an order from the moment it is created.
 */
public record FindOrderOwner(String orderId) {
}
