package dev.tally.payment.api;

import dev.tally.shared.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give (part of) a completed payment back; the same {@code refundId} again refunds nothing more. */
public record RefundPayment(@TargetAggregateIdentifier String paymentId, String refundId, Money amount) {
}
