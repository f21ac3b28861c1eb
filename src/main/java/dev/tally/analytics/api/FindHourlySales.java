package dev.tally.analytics.api;

import java.time.Instant;

/** Ask for the sales per hour and currency from {@code from} (inclusive) to {@code to} (exclusive). */
public record FindHourlySales(Instant from, Instant to) {
}
