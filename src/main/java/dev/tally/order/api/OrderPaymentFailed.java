package dev.tally.order.api;

import org.axonframework.serialization.Revision;

/** The order's payment was declined; the customer may check out again or cancel. */
@Revision("1")
public record OrderPaymentFailed(String orderId, String paymentId, String reason) implements OrderEvent {
}
