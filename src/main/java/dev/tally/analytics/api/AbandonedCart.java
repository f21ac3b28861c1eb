package dev.tally.analytics.api;

import java.time.Instant;

import dev.tally.shared.money.Money;

/** A cart that was left with items and has not changed since it was found abandoned. */
public record AbandonedCart(String orderId, Instant abandonedAt, Money value) {
}
