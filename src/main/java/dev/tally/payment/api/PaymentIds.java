package dev.tally.payment.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Payment and refund ids derived from who asks and their idempotency key (name-based UUIDs).
 * The same caller with the same key always gets the same id, so a retried request addresses the
 * payment (or refund) it already created, and the event store's uniqueness of (aggregate id,
 * sequence number) lets only one of several concurrent requests create it, on any node.
 */
public final class PaymentIds {

    private PaymentIds() {
    }

    /** The payment a caller asks for with an {@code Idempotency-Key}. */
    public static String forRequest(String caller, String idempotencyKey) {
        return uuid("payment", caller, idempotencyKey);
    }

    /** The payment of an order's checkout; each checkout of the order is a new attempt. */
    public static String forCheckout(String orderId, long checkoutVersion) {
        return uuid("checkout", orderId, Long.toString(checkoutVersion));
    }

    /** The refund a caller asks for on a payment with an {@code Idempotency-Key}. */
    public static String forRefund(String caller, String paymentId, String idempotencyKey) {
        return uuid("refund", caller, paymentId, idempotencyKey);
    }

    /** The full refund of a paid order that was cancelled. */
    public static String forCancellation(String orderId) {
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
