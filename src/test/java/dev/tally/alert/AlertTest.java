package dev.tally.alert;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tally.alert.api.AlertRaised;
import dev.tally.alert.api.RaiseAlert;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** An alert is raised once: a second command for the same alert (a replay, another node) raises nothing. */
class AlertTest {

    private static final Instant AT = Instant.parse("2026-11-01T09:01:00Z");
    private static final RaiseAlert RAISE = new RaiseAlert("alert-1", "large-outflow", "acc-1", "alice",
            AT.minusSeconds(60), AT, new BigDecimal("10500.00"), new BigDecimal("10000.00"), "EUR", AT);
    private static final AlertRaised RAISED = new AlertRaised("alert-1", "large-outflow", "acc-1", "alice",
            AT.minusSeconds(60), AT, new BigDecimal("10500.00"), new BigDecimal("10000.00"), "EUR", AT);

    private final AggregateTestFixture<Alert> fixture = new AggregateTestFixture<>(Alert.class);

    @Test
    void a_new_alert_is_raised() {
        fixture.givenNoPriorActivity().when(RAISE).expectSuccessfulHandlerExecution().expectEvents(RAISED);
    }

    @Test
    void an_alert_raised_before_is_not_raised_again() {
        fixture.given(RAISED).when(RAISE).expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
