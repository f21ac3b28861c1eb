package dev.tally.order.api;

import java.math.BigDecimal;
import java.util.List;

import org.axonframework.serialization.Revision;

/** The order's payment completed; the lines and total are those that were paid for. */
@Revision("1")
public record OrderPaid(String orderId, String paymentId, List<OrderLine> lines, BigDecimal total, String currency) implements OrderEvent {
}
