package dev.tally.payment;

import dev.tally.payment.api.PaymentStatus;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.InvalidInput;
import dev.tally.shared.money.Money;

/** Why the Payment aggregate (or the payments API) refuses a request. Each maps to the HTTP status of its category. */
final class PaymentRejections {

    private PaymentRejections() {
    }

    /** The payment does not exist, or it is not the caller's. */
    static class PaymentNotFound extends DomainRejection.NotFound {
        PaymentNotFound(String paymentId) {
            super("There is no payment " + paymentId + ".");
        }
    }

    /** A payment is paid from an account of the payer, in the account's currency. */
    static class AccountNotUsable extends DomainRejection.RuleViolated {
        AccountNotUsable(String accountId) {
            super("Account " + accountId + " cannot pay: there is no such account of yours.");
        }
    }

    static class CurrencyMismatch extends InvalidInput {
        CurrencyMismatch(String expected, String given, String whose) {
            super("currency", "must be " + expected + ", the " + whose + " currency, not " + given);
        }
    }

    /** The command does not fit the payment's status, e.g. refunding a declined payment. */
    static class IllegalTransition extends DomainRejection.WrongState {
        IllegalTransition(String paymentId, PaymentStatus status, String what) {
            super("Payment " + paymentId + " is " + status + " and cannot " + what + ".");
        }
    }

    static class RefundExceedsCaptured extends DomainRejection.RuleViolated {
        RefundExceedsCaptured(Money requested, Money refundable) {
            super("Cannot refund " + requested + ": only " + refundable + " of the payment is left to refund.");
        }
    }

    /** An idempotency key names one request; the same key with another request is a client error. */
    static class IdempotencyKeyReused extends DomainRejection.WrongState {
        IdempotencyKeyReused() {
            super("This Idempotency-Key was used before with a different request. Use a new key for a new request.");
        }
    }
}
