package dev.tally.order.api;

import java.util.List;

import dev.tally.shared.money.Money;

/** An order as the read model sees it after event number {@code version}. */
public record OrderView(String orderId, String owner, OrderStatus status, List<LineView> lines, Money total,
                        String accountId, String paymentId, long version) {

    /** A line with its total, in the order's currency. */
    public record LineView(String productId, int quantity, Money unitPrice, Money lineTotal) {
    }
}
