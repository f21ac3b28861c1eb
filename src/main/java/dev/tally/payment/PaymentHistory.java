package dev.tally.payment;

import java.util.Optional;

import dev.tally.payment.PaymentRejections.PaymentNotFound;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentView;
import dev.tally.shared.readmodel.AggregateHistory;
import org.springframework.stereotype.Component;

/**
 * Payments read for a caller: now from the read model, as they were from the event store (temporal
 * queries fold through {@link PaymentViewFold}), as stored; as the events say now, ahead of the
 * read model ({@link #now}, for a retried request); and what a payment was requested with (payer,
 * account), which never changes.
 */
@Component
class PaymentHistory extends AggregateHistory<PaymentView> {

    static final String AGGREGATE_TYPE = Payment.class.getSimpleName();

    PaymentHistory(Sources sources) {
        super(AGGREGATE_TYPE, new PaymentViewFold(), PaymentView::payer, sources);
    }

    @Override
    protected RuntimeException notFound(String paymentId) {
        return new PaymentNotFound(paymentId);
    }

    /** What the payment was requested with, from its first event; empty if there is no such payment. */
    Optional<PaymentRequested> request(String paymentId) {
        return eventStreams().firstEvent(AGGREGATE_TYPE, paymentId, PaymentRequested.class);
    }
}
