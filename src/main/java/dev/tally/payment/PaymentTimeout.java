package dev.tally.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a payment may stay {@code REQUESTED} from its request ({@code tally.payments.timeout.after},
 * 30 seconds unless configured) before the Payment declines it, unless its debit happened. The
 * aggregate gets it as a handler parameter (a Spring bean that Axon injects).
 */
@ConfigurationProperties("tally.payments.timeout")
public record PaymentTimeout(@DefaultValue("30s") Duration after) {

    public PaymentTimeout {
        if (after == null || after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("tally.payments.timeout.after must be a positive duration");
        }
    }
}
