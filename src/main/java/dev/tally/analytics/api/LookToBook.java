package dev.tally.analytics.api;

import java.math.BigDecimal;

/** How often a product was looked at against how many units of it were sold; {@code ratio} is null without sales. */
public record LookToBook(String productId, long views, long unitsSold, BigDecimal ratio) {
}
