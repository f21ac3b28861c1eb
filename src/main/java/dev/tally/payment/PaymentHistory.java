package dev.tally.payment;

import java.util.Optional;

import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentView;
import dev.tally.shared.eventstore.EventStreams;
import dev.tally.shared.eventstore.PointInTime;
import org.springframework.stereotype.Component;

/**
 * A payment straight from the event store: as it is now (the read model may not have seen its
 * latest events yet), as it was at a point in time or version (temporal query), and what it was
 * requested with (payer, account), which never changes.
 */
@Component
class PaymentHistory {

    static final String AGGREGATE_TYPE = Payment.class.getSimpleName();

    private final EventStreams eventStreams;

    PaymentHistory(EventStreams eventStreams) {
        this.eventStreams = eventStreams;
    }

    /** The payment as its events say now; empty if there is no such payment. */
    Optional<PaymentView> current(String paymentId) {
        return eventStreams.fold(AGGREGATE_TYPE, paymentId, PaymentViewFold::evolve, event -> true);
    }

    /** The payment as it was at that point; empty if it was not yet requested, or never had that version. */
    Optional<PaymentView> at(String paymentId, PointInTime point) {
        return eventStreams.foldAt(AGGREGATE_TYPE, paymentId, point, PaymentViewFold::evolve, PaymentView::version);
    }

    /** What the payment was requested with, from its first event; empty if there is no such payment. */
    Optional<PaymentRequested> request(String paymentId) {
        return eventStreams.firstEvent(AGGREGATE_TYPE, paymentId, PaymentRequested.class);
    }

    /** Who pays, from the first event; empty if there is no such payment. */
    Optional<String> payer(String paymentId) {
        return request(paymentId).map(PaymentRequested::payer);
    }
}
