package dev.tally.alert.api;

import java.math.BigDecimal;
import java.time.Instant;

/** An alert as the {@code alert-summary} read model shows it; {@code currency} is null for a count. */
public record AlertView(String alertId, String rule, String accountId, String owner, Instant detectedAt,
                        Instant windowStart, Instant windowEnd, BigDecimal value, BigDecimal threshold,
                        String currency, long version) {
}
