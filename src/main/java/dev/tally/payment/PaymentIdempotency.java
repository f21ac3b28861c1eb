package dev.tally.payment;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

import dev.tally.payment.api.PaymentView;
import dev.tally.shared.money.Money;

/**
 * What makes payments and refunds idempotent: their ids are derived from who asks and their
 * idempotency key (name-based UUIDs), and a request that finds its id taken is compared with the
 * one that took it.
 *
 * <p>The same caller with the same key always gets the same id, so a retried request addresses
 * the payment (or refund) it already created, and the event store's uniqueness of (aggregate id,
 * sequence number) lets only one of several concurrent requests create it, on any node. The same
 * key with another request is a client error, not a retry.
 */
public final class PaymentIdempotency {

    private PaymentIdempotency() {
    }

    /** A payment request as the client sent it, for comparing a retry with the original. */
    record Request(String accountId, Money amount, String orderId, String description) {

        /** Whether this request is the one that created {@code payment}: then it is a retry. */
        boolean isRetryOf(PaymentView payment) {
            return accountId.equals(payment.accountId())
                    && amount.equals(payment.amount())
                    && Objects.equals(orderId, payment.orderId())
                    && Objects.equals(description, payment.description());
        }
    }

    /** The payment a caller asks for with an {@code Idempotency-Key}. */
    public static String paymentId(String caller, String idempotencyKey) {
        return uuid("payment", caller, idempotencyKey);
    }

    /** The refund a caller asks for on a payment with an {@code Idempotency-Key}. */
    public static String refundId(String caller, String paymentId, String idempotencyKey) {
        return uuid("refund", caller, paymentId, idempotencyKey);
    }

    /** The payment of an order's checkout; each checkout of the order is a new attempt. */
    public static String checkoutPaymentId(String orderId, long checkoutVersion) {
        return uuid("checkout", orderId, Long.toString(checkoutVersion));
    }

    /** The full refund of a paid order that was cancelled. */
    public static String cancellationRefundId(String orderId) {
        return uuid("cancellation", orderId);
    }

    private static String uuid(String... parts) {
        // length-prefixed, so that no two different part lists give the same name
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(part.length()).append(':').append(part).append('|');
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
