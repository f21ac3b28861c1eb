package dev.tally.alert.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * A rule found an account's window above its threshold: once per episode (a burst that stays above
 * the threshold is one alert). {@code owner} is the account owner's subject, who may see the alert;
 * {@code value} and {@code threshold} are amounts in {@code currency} ({@code large-outflow}) or counts
 * ({@code rapid-payments}, no currency); {@code windowEnd} and {@code detectedAt} are the event time
 * of the event that went over, {@code windowStart} the rule's window before it. See domain-docs/alerts.md.
 */
@Revision("1")
public record AlertRaised(String alertId, String rule, String accountId, String owner, Instant windowStart,
                          Instant windowEnd, BigDecimal value, BigDecimal threshold, String currency,
                          Instant detectedAt) {
}
