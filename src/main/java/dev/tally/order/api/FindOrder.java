package dev.tally.order.api;

/** Ask the read model for one order; answers an {@code Optional<OrderView>}. */
public record FindOrder(String orderId) {
}
