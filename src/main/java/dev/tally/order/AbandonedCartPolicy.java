package dev.tally.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a cart counts as abandoned: it has items and was neither changed nor checked out for
 * {@code after} ({@code tally.orders.abandoned-cart.after}, 30 minutes unless configured).
 * The Order aggregate gets it as a handler parameter (a Spring bean that Axon injects).
 */
@ConfigurationProperties("tally.orders.abandoned-cart")
public record AbandonedCartPolicy(@DefaultValue("30m") Duration after) {

    public AbandonedCartPolicy {
        if (after == null || after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("tally.orders.abandoned-cart.after must be a positive duration");
        }
    }
}
