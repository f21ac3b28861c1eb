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
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How a payment's view follows from its events, one at a time. The read model and the
 * idempotent replay of a request (which answers from the event store) both fold through here.
 */
final class PaymentViewFold {

    private PaymentViewFold() {
    }

    /** The view after {@code event}; {@code before} is {@code null} for the first event. */
    static PaymentView evolve(PaymentView before, DomainEventMessage<?> event) {
        long version = event.getSequenceNumber();
        Object payload = event.getPayload();
        if (payload instanceof PaymentRequested requested) {
            Currency currency = Currency.getInstance(requested.currency());
            return new PaymentView(requested.paymentId(), requested.payer(), requested.accountId(),
                    new Money(requested.amount(), currency), PaymentStatus.REQUESTED, Money.zero(currency),
                    requested.orderId(), requested.description(), null, version);
        }
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
