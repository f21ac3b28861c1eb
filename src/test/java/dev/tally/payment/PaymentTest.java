package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;

import dev.tally.account.api.AccountHolder;
import dev.tally.payment.PaymentRejections.AccountNotUsable;
import dev.tally.payment.PaymentRejections.CurrencyMismatch;
import dev.tally.payment.PaymentRejections.IdempotencyKeyReused;
import dev.tally.payment.PaymentRejections.IllegalTransition;
import dev.tally.payment.PaymentRejections.RefundExceedsCaptured;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentState;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RefundState;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.money.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final String ID = "pay-1";
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final AccountHolder ALICES_ACCOUNT = new AccountHolder("acc-1", "alice", "EUR");

    private static final PaymentRequested REQUESTED =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", "order-1", "books");
    private static final PaymentCompleted COMPLETED =
            new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", "order-1");
    private static final PaymentDeclined DECLINED = new PaymentDeclined(ID, "insufficient funds", "order-1");

    private FixtureConfiguration<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), EUR);
    }

    private static PaymentRefunded refunded(String refundId, String amount, String total) {
        return new PaymentRefunded(ID, refundId, "acc-1", new BigDecimal(amount), "EUR", new BigDecimal(total));
    }

    @Nested
    class Requesting {

        @Test
        void records_the_request_from_the_payers_account() {
            fixture.givenNoPriorActivity()
                    .when(new RequestPayment(ID, "alice", "acc-1", ALICES_ACCOUNT, eur("40"), "order-1", "books"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(REQUESTED);
        }

        @Test
        void from_another_users_or_an_unknown_account_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(new RequestPayment(ID, "bob", "acc-1", ALICES_ACCOUNT, eur("40"), null, null))
                    .expectException(AccountNotUsable.class)
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new RequestPayment(ID, "alice", "nope", null, eur("40"), null, null))
                    .expectException(AccountNotUsable.class)
                    .expectNoEvents();
        }

        @Test
        void in_another_currency_than_the_accounts_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(new RequestPayment(ID, "alice", "acc-1", ALICES_ACCOUNT,
                            new Money(new BigDecimal("40"), Currency.getInstance("USD")), null, null))
                    .expectException(CurrencyMismatch.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Outcome {

        @Test
        void completes_a_requested_payment() {
            fixture.given(REQUESTED)
                    .when(new CompletePayment(ID))
                    .expectEvents(COMPLETED)
                    .expectResultMessagePayload(new PaymentState(ID, 1, PaymentStatus.COMPLETED));
        }

        @Test
        void completing_twice_changes_nothing() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(new CompletePayment(ID))
                    .expectNoEvents()
                    .expectResultMessagePayload(new PaymentState(ID, 1, PaymentStatus.COMPLETED));
        }

        @Test
        void a_declined_payment_never_completes() {
            fixture.given(REQUESTED, DECLINED)
                    .when(new CompletePayment(ID))
                    .expectException(IllegalTransition.class)
                    .expectNoEvents();
        }

        @Test
        void declines_a_requested_payment_with_the_reason() {
            fixture.given(REQUESTED)
                    .when(new DeclinePayment(ID, "insufficient funds"))
                    .expectEvents(DECLINED);
        }

        @Test
        void declining_twice_changes_nothing_and_a_completed_payment_is_not_declined() {
            fixture.given(REQUESTED, DECLINED)
                    .when(new DeclinePayment(ID, "timeout"))
                    .expectNoEvents();
            fixture.given(REQUESTED, COMPLETED)
                    .when(new DeclinePayment(ID, "timeout"))
                    .expectException(IllegalTransition.class);
        }
    }

    @Nested
    class Refunding {

        @Test
        void part_of_a_payment_leaves_it_partially_refunded() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(new RefundPayment(ID, "r-1", eur("15.00")))
                    .expectEvents(refunded("r-1", "15.00", "15.00"))
                    .expectResultMessagePayload(new RefundState(ID, "r-1", 2, PaymentStatus.PARTIALLY_REFUNDED, true));
        }

        @Test
        void the_rest_makes_it_refunded() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(new RefundPayment(ID, "r-2", eur("25.00")))
                    .expectEvents(refunded("r-2", "25.00", "40.00"))
                    .expectResultMessagePayload(new RefundState(ID, "r-2", 3, PaymentStatus.REFUNDED, true));
        }

        @Test
        void without_an_amount_refunds_all_that_is_left() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(new RefundPayment(ID, "cancel", null))
                    .expectEvents(refunded("cancel", "25.00", "40.00"));
        }

        @Test
        void never_more_than_was_captured() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(new RefundPayment(ID, "r-2", eur("25.01")))
                    .expectException(RefundExceedsCaptured.class)
                    .expectNoEvents();
        }

        @Test
        void the_same_refund_again_refunds_nothing_more() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(new RefundPayment(ID, "r-1", eur("15.00")))
                    .expectNoEvents()
                    .expectResultMessagePayload(new RefundState(ID, "r-1", 2, PaymentStatus.PARTIALLY_REFUNDED, false));
        }

        @Test
        void the_same_refund_id_with_another_amount_is_a_reused_key() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(new RefundPayment(ID, "r-1", eur("10.00")))
                    .expectException(IdempotencyKeyReused.class)
                    .expectNoEvents();
        }

        @Test
        void of_a_payment_not_completed_is_an_illegal_transition() {
            fixture.given(REQUESTED)
                    .when(new RefundPayment(ID, "r-1", eur("1.00")))
                    .expectException(IllegalTransition.class);
            fixture.given(REQUESTED, DECLINED)
                    .when(new RefundPayment(ID, "r-1", eur("1.00")))
                    .expectException(IllegalTransition.class);
        }

        @Test
        void in_another_currency_is_rejected() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(new RefundPayment(ID, "r-1", new Money(new BigDecimal("1.00"), Currency.getInstance("USD"))))
                    .expectException(CurrencyMismatch.class);
        }
    }
}
