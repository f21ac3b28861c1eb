package dev.tally.alert;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The alert rules' settings ({@code tally.alerts.rules.<rule>}); a rule not configured keeps the
 * contract's default.
 */
@ConfigurationProperties("tally.alerts")
record AlertSettings(Rules rules) {

    AlertSettings {
        rules = rules == null ? new Rules(null, null) : rules;
    }

    /** The settings of one rule. */
    Rule of(AlertRule rule) {
        return switch (rule) {
            case LARGE_OUTFLOW -> rules.largeOutflow();
            case RAPID_PAYMENTS -> rules.rapidPayments();
        };
    }

    record Rules(Rule largeOutflow, Rule rapidPayments) {
        Rules {
            largeOutflow = Rule.orDefault(largeOutflow, Duration.ofSeconds(60), new BigDecimal("10000"));
            rapidPayments = Rule.orDefault(rapidPayments, Duration.ofMinutes(10), BigDecimal.TEN);
        }
    }

    /**
     * @param window    how far back in event time the rule looks from each event
     * @param threshold an alert is raised when the window's value is above it (an amount in the
     *                  account's currency, or a count)
     * @param enabled   whether the rule is evaluated at all
     */
    record Rule(Duration window, BigDecimal threshold, Boolean enabled) {

        static Rule orDefault(Rule configured, Duration window, BigDecimal threshold) {
            if (configured == null) {
                return new Rule(window, threshold, true);
            }
            return new Rule(configured.window() == null ? window : configured.window(),
                    configured.threshold() == null ? threshold : configured.threshold(),
                    configured.enabled() == null || configured.enabled());
        }

        boolean on() {
            return enabled == null || enabled;
        }
    }
}
