package dev.tally.order.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** Units of a product were put in a cart, at a unit price in the cart's currency. */
@Revision("1")
public record ItemAdded(String orderId, String productId, int quantity, BigDecimal unitPrice, String currency) implements OrderEvent {
}
