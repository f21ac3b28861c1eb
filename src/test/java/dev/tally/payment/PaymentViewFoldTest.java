package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;

import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RefundFailed;
import dev.tally.shared.money.Money;
import dev.tally.support.GivenEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Given a payment's events, then its view: the read model's rules, checked without a database. */
class PaymentViewFoldTest {

    static final String ID = "pay-1";
    private static final Currency EUR = Currency.getInstance("EUR");

    private final PaymentViewFold fold = new PaymentViewFold();

    static GivenEvents given(Object... payloads) {
        return GivenEvents.of(PaymentHistory.AGGREGATE_TYPE, ID, payloads);
    }

    static PaymentRequested requested() {
        return new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", null, "Books", false);
    }

    static PaymentCompleted completed() {
        return new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", null);
    }

    static PaymentRefunded refunded(String refundId, String amount, String total) {
        return new PaymentRefunded(ID, refundId, "acc-1", new BigDecimal(amount), "EUR", new BigDecimal(total));
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), EUR);
    }

    @Test
    void a_requested_payment_awaits_its_outcome_with_nothing_refunded() {
        assertThat(given(requested()).foldedBy(fold)).isEqualTo(new PaymentView(ID, "alice", "acc-1", eur("40.00"),
                PaymentStatus.REQUESTED, eur("0.00"), null, "Books", null, 0));
    }

    @Test
    void a_declined_payment_says_why() {
        PaymentView view = given(requested(), new PaymentDeclined(ID, "Insufficient funds", null)).foldedBy(fold);

        assertThat(view.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(view.failureReason()).isEqualTo("Insufficient funds");
    }

    @Test
    void refunds_count_up_to_partially_refunded_then_refunded() {
        GivenEvents partly = given(requested(), completed(), refunded("ref-1", "15.00", "15.00"));
        assertThat(partly.foldedBy(fold).status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(partly.foldedBy(fold).refunded()).isEqualTo(eur("15.00"));

        PaymentView fully = partly.then(refunded("ref-2", "25.00", "40.00")).foldedBy(fold);
        assertThat(fully.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(fully.refunded()).isEqualTo(eur("40.00"));
        assertThat(fully.version()).isEqualTo(3);
    }

    @Test
    void a_failed_refund_takes_its_amount_back_out_of_the_refunded_total() {
        PaymentView view = given(requested(), completed(), refunded("ref-1", "15.00", "15.00"),
                new RefundFailed(ID, "ref-1", "acc-1", new BigDecimal("15.00"), "EUR", "Account is closed",
                        new BigDecimal("0.00"))).foldedBy(fold);

        assertThat(view.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(view.refunded()).isEqualTo(eur("0.00"));
    }
}
