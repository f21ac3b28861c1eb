package dev.tally.alert;

import dev.tally.alert.api.AlertRaised;
import dev.tally.alert.api.AlertView;
import dev.tally.shared.readmodel.ViewFold;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How an alert's view follows from its events: an alert is one fact, so its first event is all of
 * it; a later event (none exists yet) would only move its version on.
 */
final class AlertViewFold implements ViewFold<AlertView> {

    @Override
    public AlertView initial(DomainEventMessage<?> first) {
        AlertRaised raised = (AlertRaised) first.getPayload();
        return new AlertView(raised.alertId(), raised.rule(), raised.accountId(), raised.owner(), raised.detectedAt(),
                raised.windowStart(), raised.windowEnd(), raised.value(), raised.threshold(), raised.currency(),
                first.getSequenceNumber());
    }

    @Override
    public AlertView evolve(AlertView before, DomainEventMessage<?> event) {
        return new AlertView(before.alertId(), before.rule(), before.accountId(), before.owner(), before.detectedAt(),
                before.windowStart(), before.windowEnd(), before.value(), before.threshold(), before.currency(),
                event.getSequenceNumber());
    }

    @Override
    public long version(AlertView view) {
        return view.version();
    }
}
