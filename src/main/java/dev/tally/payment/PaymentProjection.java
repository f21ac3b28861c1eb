package dev.tally.payment;

import java.util.Optional;

import dev.tally.payment.api.FindPayment;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RefundFailed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code payment-summary} read model: one row per payment. The row's version tells which
 * events it already shows, so an event handled twice changes nothing.
 */
@Component
@ProcessingGroup(PaymentProjection.PROCESSING_GROUP)
class PaymentProjection {

    static final String PROCESSING_GROUP = "payment-summary";

    private final PaymentSummaryRepository summaries;

    PaymentProjection(PaymentSummaryRepository summaries) {
        this.summaries = summaries;
    }

    @EventHandler
    void on(PaymentRequested event, DomainEventMessage<PaymentRequested> message) {
        if (summaries.findById(event.paymentId()).isEmpty()) {
            summaries.save(new PaymentSummary(PaymentViewFold.evolve(null, message)));
        }
    }

    @EventHandler
    void on(PaymentCompleted event, DomainEventMessage<PaymentCompleted> message) {
        follow(event.paymentId(), message);
    }

    @EventHandler
    void on(PaymentDeclined event, DomainEventMessage<PaymentDeclined> message) {
        follow(event.paymentId(), message);
    }

    @EventHandler
    void on(PaymentRefunded event, DomainEventMessage<PaymentRefunded> message) {
        follow(event.paymentId(), message);
    }

    @EventHandler
    void on(RefundFailed event, DomainEventMessage<RefundFailed> message) {
        follow(event.paymentId(), message);
    }

    private void follow(String paymentId, DomainEventMessage<?> message) {
        PaymentSummary summary = summaries.findById(paymentId)
                .orElseThrow(() -> new IllegalStateException("no summary for payment " + paymentId
                        + " at event " + message.getSequenceNumber()));
        if (!summary.shows(message.getSequenceNumber())) {
            summary.show(PaymentViewFold.evolve(summary.toView(), message));
        }
    }

    @ResetHandler
    void reset() {
        summaries.deleteAllInBatch();
    }

    @QueryHandler
    Optional<PaymentView> handle(FindPayment query) {
        return summaries.findById(query.paymentId()).map(PaymentSummary::toView);
    }
}
