package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;

import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RefundFailed;
import dev.tally.shared.money.Money;
import dev.tally.shared.readmodel.ViewFold;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How a payment's view follows from its events, one at a time. The read model, the temporal
 * queries and the idempotent replay of a request (which answers from the event store) all fold
 * through here; the status after a refund is {@link PaymentStatus#afterRefunds}, as the
 * {@link Payment} decides it.
 */
final class PaymentViewFold implements ViewFold<PaymentView> {

    @Override
    public PaymentView initial(DomainEventMessage<?> first) {
        PaymentRequested requested = (PaymentRequested) first.getPayload();
        Currency currency = Currency.getInstance(requested.currency());
        return new PaymentView(requested.paymentId(), requested.payer(), requested.accountId(),
                new Money(requested.amount(), currency), PaymentStatus.REQUESTED, Money.zero(currency),
                requested.orderId(), requested.description(), null, first.getSequenceNumber());
    }

    @Override
    public PaymentView evolve(PaymentView before, DomainEventMessage<?> event) {
        long version = event.getSequenceNumber();
        Object payload = event.getPayload();
        if (payload instanceof PaymentCompleted) {
            return with(before, PaymentStatus.COMPLETED, before.refunded(), null, version);
        }
        if (payload instanceof PaymentDeclined declined) {
            return with(before, PaymentStatus.DECLINED, before.refunded(), declined.reason(), version);
        }
        if (payload instanceof PaymentRefunded refund) {
            return refunded(before, refund.refundedTotal(), version);
        }
        if (payload instanceof RefundFailed failed) {
            return refunded(before, failed.refundedTotal(), version);
        }
        return with(before, before.status(), before.refunded(), before.failureReason(), version);
    }

    @Override
    public long version(PaymentView view) {
        return view.version();
    }

    private static PaymentView refunded(PaymentView before, BigDecimal refundedTotal, long version) {
        Money refunded = new Money(refundedTotal, before.amount().currency());
        return with(before, PaymentStatus.afterRefunds(refunded, before.amount()), refunded, null, version);
    }

    private static PaymentView with(PaymentView view, PaymentStatus status, Money refunded, String failureReason,
                                    long version) {
        return new PaymentView(view.paymentId(), view.payer(), view.accountId(), view.amount(), status, refunded,
                view.orderId(), view.description(), failureReason, version);
    }
}
