package dev.tally.order.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Put units of a product in the cart; a product already there gets the quantity added. The unit
 * price is an amount in the order's currency, which only the order knows, so the order checks it.
 */
public record AddItem(@TargetAggregateIdentifier String orderId, String productId, int quantity,
                      BigDecimal unitPrice, Long expectedVersion) {
}
