package dev.tally.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the payment process waits for the account's answer before it declines the payment
 * ({@code tally.payments.timeout.after}, 30 seconds unless configured). The saga gets it as a
 * handler parameter (a Spring bean that Axon injects).
 */
@ConfigurationProperties("tally.payments.timeout")
public record PaymentTimeoutPolicy(@DefaultValue("30s") Duration after) {

    public PaymentTimeoutPolicy {
        if (after == null || after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("tally.payments.timeout.after must be a positive duration");
        }
    }
}
