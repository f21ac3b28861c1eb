package dev.tally.alert;

import dev.tally.alert.api.AlertPage;
import dev.tally.alert.api.AlertRaised;
import dev.tally.alert.api.AlertView;
import dev.tally.alert.api.ListAlerts;
import dev.tally.shared.readmodel.FoldedRows;
import dev.tally.shared.readmodel.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * The {@code alert-summary} read model: one row per alert, kept by a streaming processor: each
 * event goes through {@link AlertViewFold} into the alert's {@link AlertSummary} row
 * ({@link FoldedRows}: idempotent by version, ready for batches), so it is replayable, and rebuilt
 * beside the old rows ({@link ReadModelTables}). Unlike the {@code alerts} processor, which sends
 * commands and is replayed in place.
 */
@Component
@ProcessingGroup(AlertProjection.PROCESSING_GROUP)
@ReadModelTables("alert_summary")
class AlertProjection {

    static final String PROCESSING_GROUP = "alert-summary";

    /** Newest first; of two at the same time, in a fixed order, so pages neither repeat nor skip one. */
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("detectedAt"), Sort.Order.desc("alertId"));

    private final AlertSummaryRepository summaries;
    private final FoldedRows<AlertView, AlertSummary> rows;

    AlertProjection(AlertSummaryRepository summaries) {
        this.summaries = summaries;
        this.rows = new FoldedRows<>(summaries, new AlertViewFold(), AlertSummary::new);
    }

    @EventHandler
    void on(AlertRaised event, DomainEventMessage<AlertRaised> message) {
        rows.follow(message);
    }

    @ResetHandler
    void reset() {
        rows.reset();
    }

    @QueryHandler
    AlertPage handle(ListAlerts query) {
        PageRequest page = PageRequest.of(query.page(), query.size(), NEWEST_FIRST);
        var found = query.owner() == null ? summaries.findAll(page) : summaries.findByOwner(query.owner(), page);
        return new AlertPage(found.map(AlertSummary::toView).getContent(), query.page(), query.size(),
                found.getTotalElements());
    }
}
