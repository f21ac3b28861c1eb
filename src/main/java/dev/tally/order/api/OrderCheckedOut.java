package dev.tally.order.api;

import java.math.BigDecimal;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The customer checked the cart out to be paid from an account: the order awaits the payment
 * {@code paymentId}, which the payment process is to request for the total.
 */
@Revision("1")
public record OrderCheckedOut(String orderId, String owner, String accountId, String paymentId,
                              List<OrderLine> lines, BigDecimal total, String currency) implements OrderEvent {
}
