package dev.tally.order.api;

import java.math.BigDecimal;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The order was cancelled. {@code wasPaid} tells that it had been paid (so its payment is to be
 * refunded, and sales counted for it are to be taken back); lines and total are the order's then.
 */
@Revision("1")
public record OrderCancelled(String orderId, boolean wasPaid, String paymentId, List<OrderLine> lines,
                             BigDecimal total, String currency) implements OrderEvent {
}
