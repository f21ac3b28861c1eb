package dev.tally.order.api;

import java.math.BigDecimal;

/** One line of an order in an event: a product, how many, and the price of one, in the order's currency. */
public record OrderLine(String productId, int quantity, BigDecimal unitPrice) {
}
