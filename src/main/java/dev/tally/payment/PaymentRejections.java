package dev.tally.payment;

import dev.tally.payment.api.PaymentStatus;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.money.Money;

/** Why the Payment aggregate refuses a command. Each maps to the HTTP status of its category. */
final class PaymentRejections {

    private PaymentRejections() {
    }

    /** The payment does not exist, or it is not the caller's. */
    static class PaymentNotFound extends DomainRejection.NotFound {
        PaymentNotFound(String paymentId) {
            super("There is no payment " + paymentId + ".");
        }
    }

    /** A payment may name an order only of its payer. */
    static class NotYourOrder extends DomainRejection.RuleViolated {
        NotYourOrder(String orderId) {
            super("There is no order " + orderId + " of yours for this payment to name.");
        }
    }

    /** The command does not fit the payment's status, e.g. refunding a declined payment. */
    static class IllegalTransition extends DomainRejection.WrongState {
        IllegalTransition(String paymentId, PaymentStatus status, String what) {
            super("Payment " + paymentId + " is " + status + " and cannot " + what + ".");
        }
    }

    /** The payment of an order's checkout goes back with the order, so that a refunded order cannot ship. */
    static class RefundedByCancellingTheOrder extends DomainRejection.WrongState {
        RefundedByCancellingTheOrder(String paymentId, String orderId) {
            super("Payment " + paymentId + " paid order " + orderId + ": cancel the order to refund it"
                    + " (POST /api/orders/" + orderId + "/cancel).");
        }
    }

    static class RefundExceedsCaptured extends DomainRejection.RuleViolated {
        RefundExceedsCaptured(Money requested, Money refundable) {
            super("Cannot refund " + requested + ": only " + refundable + " of the payment is left to refund.");
        }
    }

    /** The payment process reports on a refund that this payment never made. */
    static class UnknownRefund extends DomainRejection.NotFound {
        UnknownRefund(String paymentId, String refundId) {
            super("Payment " + paymentId + " has no refund " + refundId + ".");
        }
    }

    /** An idempotency key names one request; the same key with another request is a client error. */
    static class IdempotencyKeyReused extends DomainRejection.WrongState {
        IdempotencyKeyReused() {
            super("This Idempotency-Key was used before with a different request. Use a new key for a new request.");
        }
    }
}
