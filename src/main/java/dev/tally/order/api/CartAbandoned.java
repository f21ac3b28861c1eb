package dev.tally.order.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/** A cart with items was neither changed nor checked out for the abandonment time; value is its total. */
@Revision("1")
public record CartAbandoned(String orderId, BigDecimal value, String currency) implements OrderEvent {
}
