package dev.tally.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a cart with items may be left alone (neither changed nor checked out) before it counts
 * as abandoned ({@code tally.orders.abandoned-cart.after}, 30 minutes unless configured).
 * The Order aggregate gets it as a handler parameter (a Spring bean that Axon injects).
 */
@ConfigurationProperties("tally.orders.abandoned-cart")
public record AbandonedCartTimeout(@DefaultValue("30m") Duration after) {

    public AbandonedCartTimeout {
        if (after == null || after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("tally.orders.abandoned-cart.after must be a positive duration");
        }
    }
}
