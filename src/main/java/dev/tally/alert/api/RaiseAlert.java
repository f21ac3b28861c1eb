package dev.tally.alert.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Raise an alert, sent by the {@code alerts} processor. Its id is derived from what it is about
 * (rule, account, the event that opened the episode), so sending it again raises nothing more.
 */
public record RaiseAlert(@TargetAggregateIdentifier String alertId, String rule, String accountId, String owner,
                         Instant windowStart, Instant windowEnd, BigDecimal value, BigDecimal threshold,
                         String currency, Instant detectedAt) {
}
