package dev.tally.order.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Put units of a product in the cart; a product already there gets the quantity added. */
public record AddItem(@TargetAggregateIdentifier String orderId, String productId, int quantity, Money unitPrice,
                      Long expectedVersion) {
}
