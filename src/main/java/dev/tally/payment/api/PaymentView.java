package dev.tally.payment.api;

import dev.tally.shared.money.Money;

/** A payment as the read model (or a fold of its events) sees it after event number {@code version}. */
public record PaymentView(String paymentId, String payer, String accountId, Money amount, PaymentStatus status,
                          Money refunded, String orderId, String description, String failureReason,
                          long version) {
}
