package dev.tally.alert;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tally.alert.api.AlertRaised;
import dev.tally.alert.api.RaiseAlert;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An alert: the fact that a rule found an account's window above its threshold, raised once. Its
 * id names what it is about (rule, account, the event that opened the episode: {@link RaisingAlerts}),
 * so a second {@link RaiseAlert} for it, from a replay of the processor or from another node, finds
 * the alert raised and raises nothing; of two at once, the event store takes only one first event
 * for the id (the loser, run again, finds the alert). An alert has no commands after it is raised.
 */
@Aggregate
class Alert {

    @AggregateIdentifier
    private String alertId;

    Alert() {
        // Axon creates an alert for its first command, or rebuilds it from its event
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RaiseAlert command) {
        if (alertId != null) {
            return; // raised before: an alert is a fact, raised once
        }
        apply(new AlertRaised(command.alertId(), command.rule(), command.accountId(), command.owner(),
                command.windowStart(), command.windowEnd(), command.value(), command.threshold(), command.currency(),
                command.detectedAt()));
    }

    @EventSourcingHandler
    void on(AlertRaised event) {
        alertId = event.alertId();
    }
}
