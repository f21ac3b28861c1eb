package dev.tally.analytics.api;

import java.time.Instant;

import dev.tally.shared.money.Money;

/** In one hour (UTC), in one currency: paid orders less orders cancelled after payment, and the revenue. */
public record HourlySales(Instant hour, long orders, Money revenue) {
}
