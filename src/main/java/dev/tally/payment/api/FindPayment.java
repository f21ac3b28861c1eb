package dev.tally.payment.api;

/** Ask the read model for one payment; answers an {@code Optional<PaymentView>}. */
public record FindPayment(String paymentId) {
}
