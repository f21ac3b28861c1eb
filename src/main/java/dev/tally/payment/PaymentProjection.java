package dev.tally.payment;

import dev.tally.shared.readmodel.ReadModelTables;
import java.util.Optional;

import dev.tally.payment.api.FindPayment;
import dev.tally.payment.api.PaymentEvent;
import dev.tally.payment.api.PaymentView;
import dev.tally.shared.readmodel.FoldedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code payment-summary} read model: one row per payment, kept by a streaming processor: each
 * event goes through {@link PaymentViewFold} into the payment's {@link PaymentSummary} row
 * ({@link FoldedRows}: idempotent by version, ready for batches).
 */
@Component
@ProcessingGroup(PaymentProjection.PROCESSING_GROUP)
@ReadModelTables("payment_summary")
class PaymentProjection {

    static final String PROCESSING_GROUP = "payment-summary";

    private final FoldedRows<PaymentView, PaymentSummary> rows;

    PaymentProjection(PaymentSummaryRepository summaries) {
        this.rows = new FoldedRows<>(summaries, new PaymentViewFold(), PaymentSummary::new);
    }

    @EventHandler
    void on(PaymentEvent event, DomainEventMessage<PaymentEvent> message) {
        rows.follow(message);
    }

    @ResetHandler
    void reset() {
        rows.reset();
    }

    @QueryHandler
    Optional<PaymentView> handle(FindPayment query) {
        return rows.find(query.paymentId());
    }
}
