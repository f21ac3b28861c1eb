package dev.tally.order.api;

import java.util.Currency;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start a cart for the issuing user. */
public record CreateCart(@TargetAggregateIdentifier String orderId, Currency currency) {
}
