package dev.tally.analytics.api;

/** Ask for the carts that are abandoned now, newest first. */
public record ListAbandonedCarts() {
}
