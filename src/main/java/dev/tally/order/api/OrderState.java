package dev.tally.order.api;

import dev.tally.shared.money.Money;

/** What an order command answers: the order's status, total and version right after it. */
public record OrderState(String orderId, long version, OrderStatus status, Money total) {
}
