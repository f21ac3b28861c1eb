package dev.tally.payment.api;

import dev.tally.shared.money.Money;

/**
 * Where a payment is in its life (domain-docs/payments.md):
 * {@code REQUESTED -> COMPLETED | DECLINED}, then refunds ({@code PARTIALLY_REFUNDED}, {@code REFUNDED}).
 * The Payment aggregate and the payment's view both ask these, so they cannot disagree.
 */
public enum PaymentStatus {
    REQUESTED, COMPLETED, DECLINED, REFUNDED, PARTIALLY_REFUNDED;

    /** Neither completed nor declined yet: the outcome of the debit is still to come. */
    public boolean awaitsOutcome() {
        return this == REQUESTED;
    }

    /** The money was taken from the account (and some or all of it may have gone back). */
    public boolean isCaptured() {
        return this == COMPLETED || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }

    /** Captured, with something left to refund. */
    public boolean mayRefund() {
        return this == COMPLETED || this == PARTIALLY_REFUNDED;
    }

    /** The status of a captured payment of {@code amount} of which {@code refunded} is being or was given back. */
    public static PaymentStatus afterRefunds(Money refunded, Money amount) {
        if (refunded.isZero()) {
            return COMPLETED;
        }
        return refunded.equals(amount) ? REFUNDED : PARTIALLY_REFUNDED;
    }
}
