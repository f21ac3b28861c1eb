package dev.tally.payment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;

import dev.tally.account.AccountDebits;
import dev.tally.account.PayingAccount.AccountCannotPay;
import dev.tally.account.PayingAccount.AccountCannotTakeRefund;
import dev.tally.account.api.AccountHolder;
import dev.tally.payment.PaymentRejections.IdempotencyKeyReused;
import dev.tally.payment.PaymentRejections.IllegalTransition;
import dev.tally.payment.PaymentRejections.NotYourOrder;
import dev.tally.payment.PaymentRejections.PaymentNotFound;
import dev.tally.payment.PaymentRejections.RefundExceedsCaptured;
import dev.tally.payment.PaymentRejections.RefundedByCancellingTheOrder;
import dev.tally.payment.PaymentRejections.UnknownRefund;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.FailRefund;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentState;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.RefundCancelledOrder;
import dev.tally.payment.api.RefundFailed;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RefundState;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.InvalidInput;
import dev.tally.shared.StaleVersion;
import dev.tally.shared.money.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final String ID = "pay-1";
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AccountHolder ALICES_ACCOUNT = new AccountHolder("acc-1", "alice", "EUR", true);
    private static final AccountHolder ALICES_CLOSED_ACCOUNT = new AccountHolder("acc-1", "alice", "EUR", false);

    private static final PaymentRequested REQUESTED =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", "order-1", "books", false);
    private static final PaymentRequested REQUESTED_BY_CHECKOUT =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", "order-1", "order order-1",
                    true);
    private static final PaymentCompleted COMPLETED =
            new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", "order-1");
    private static final PaymentDeclined DECLINED = new PaymentDeclined(ID, "insufficient funds", "order-1");

    private FixtureConfiguration<Payment> fixture;
    private AccountDebits debits;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(new PaymentTimeout(TIMEOUT));
        debits = mock(AccountDebits.class);
        fixture.registerInjectableResource(debits);
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), EUR);
    }

    private static RequestPayment request(String payer, AccountHolder account, Money amount, String orderId,
                                          String orderOwner) {
        return new RequestPayment(ID, payer, "acc-1", account, amount, orderId, orderOwner, false, "books");
    }

    private static RefundPayment refund(String refundId, String amount) {
        return refundBy("alice", refundId, amount, null);
    }

    private static RefundPayment refundBy(String requester, String refundId, String amount, Long expectedVersion) {
        return new RefundPayment(ID, refundId, eur(amount), requester, false, ALICES_ACCOUNT, expectedVersion);
    }

    private static PaymentRefunded refunded(String refundId, String amount, String total) {
        return new PaymentRefunded(ID, refundId, "acc-1", new BigDecimal(amount), "EUR", new BigDecimal(total));
    }

    private void debitFound(boolean debited) {
        when(debits.debited(any(), any())).thenReturn(debited);
    }

    @Nested
    class Requesting {

        @Test
        void records_the_request_from_the_payers_account_and_starts_its_clock() {
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(true)
                    .expectEvents(REQUESTED)
                    .expectScheduledDeadlineWithName(TIMEOUT, Payment.TIMEOUT);
        }

        @Test
        void again_finds_the_payment_and_changes_nothing() {
            fixture.given(REQUESTED)
                    .when(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void of_an_orders_checkout_records_that_it_pays_the_order() {
            fixture.givenNoPriorActivity()
                    .when(new RequestPayment(ID, "alice", "acc-1", ALICES_ACCOUNT, eur("40"), "order-1", "alice",
                            true, "order order-1"))
                    .expectEvents(REQUESTED_BY_CHECKOUT);
        }

        @Test
        void from_another_users_an_unknown_or_a_closed_account_is_refused_as_an_account_that_cannot_pay() {
            fixture.givenNoPriorActivity()
                    .when(request("bob", ALICES_ACCOUNT, eur("40"), null, null))
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(request("alice", null, eur("40"), null, null))
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_CLOSED_ACCOUNT, eur("40"), null, null))
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void in_another_currency_than_the_accounts_is_refused_by_the_same_rule() {
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_ACCOUNT, new Money(new BigDecimal("40"), Currency.getInstance("USD")),
                            null, null))
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
        }

        @Test
        void naming_an_order_that_is_not_the_payers_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_ACCOUNT, eur("40"), "order-of-bob", "bob"))
                    .expectException(NotYourOrder.class)
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_ACCOUNT, eur("40"), "no-such-order", null))
                    .expectException(NotYourOrder.class)
                    .expectNoEvents();
        }

        @Test
        void above_the_largest_amount_or_of_nothing_is_refused_whoever_asks() {
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_ACCOUNT, eur("1000000000.01"), null, null))
                    .expectException(InvalidInput.class)
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(request("alice", ALICES_ACCOUNT, eur("0.00"), null, null))
                    .expectException(InvalidInput.class)
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
    class Timeout {

        @Test
        void a_payment_still_requested_when_its_clock_runs_out_is_declined_if_its_account_was_not_debited() {
            debitFound(false);
            fixture.givenCommands(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"))
                    .whenTimeElapses(TIMEOUT)
                    .expectEvents(new PaymentDeclined(ID, "the account was not debited in time", "order-1"));
        }

        @Test
        void and_completes_if_its_account_was_debited_though_the_process_has_not_reported_it_yet() {
            debitFound(true);
            fixture.givenCommands(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"))
                    .whenTimeElapses(TIMEOUT)
                    .expectEvents(COMPLETED);
        }

        @Test
        void the_clock_does_nothing_a_moment_before_it_runs_out() {
            debitFound(false);
            fixture.givenCommands(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"))
                    .whenTimeElapses(TIMEOUT.minusMillis(1))
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(Duration.ofMillis(1), Payment.TIMEOUT);
        }

        @Test
        void the_clock_of_a_completed_payment_runs_out_and_finds_nothing_to_do() {
            debitFound(false);
            fixture.givenCommands(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"),
                            new CompletePayment(ID))
                    .whenTimeElapses(TIMEOUT)
                    .expectTriggeredDeadlinesWithName(Payment.TIMEOUT)
                    .expectNoEvents();
        }

        @Test
        void the_clock_of_a_declined_payment_runs_out_and_finds_nothing_to_do() {
            debitFound(true);
            fixture.givenCommands(request("alice", ALICES_ACCOUNT, eur("40"), "order-1", "alice"),
                            new DeclinePayment(ID, "insufficient funds"))
                    .whenTimeElapses(TIMEOUT)
                    .expectTriggeredDeadlinesWithName(Payment.TIMEOUT)
                    .expectNoEvents();
        }
    }

    @Nested
    class Refunding {

        @Test
        void part_of_a_payment_leaves_it_partially_refunded() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(refund("r-1", "15.00"))
                    .expectEvents(refunded("r-1", "15.00", "15.00"))
                    .expectResultMessagePayload(new RefundState(ID, "r-1", 2, PaymentStatus.PARTIALLY_REFUNDED, true));
        }

        @Test
        void the_rest_makes_it_refunded() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(refund("r-2", "25.00"))
                    .expectEvents(refunded("r-2", "25.00", "40.00"))
                    .expectResultMessagePayload(new RefundState(ID, "r-2", 3, PaymentStatus.REFUNDED, true));
        }

        @Test
        void never_more_than_was_captured() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(refund("r-2", "25.01"))
                    .expectException(RefundExceedsCaptured.class)
                    .expectNoEvents();
        }

        @Test
        void the_same_refund_again_refunds_nothing_more_whatever_version_the_retry_expects() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(refundBy("alice", "r-1", "15.00", 1L))
                    .expectNoEvents()
                    .expectResultMessagePayload(new RefundState(ID, "r-1", 2, PaymentStatus.PARTIALLY_REFUNDED, false));
        }

        @Test
        void the_same_refund_id_with_another_amount_is_a_reused_key() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"))
                    .when(refund("r-1", "10.00"))
                    .expectException(IdempotencyKeyReused.class)
                    .expectNoEvents();
        }

        @Test
        void of_a_payment_not_completed_is_an_illegal_transition() {
            fixture.given(REQUESTED)
                    .when(refund("r-1", "1.00"))
                    .expectException(IllegalTransition.class);
            fixture.given(REQUESTED, DECLINED)
                    .when(refund("r-1", "1.00"))
                    .expectException(IllegalTransition.class);
        }

        @Test
        void in_another_currency_is_invalid_input() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(new RefundPayment(ID, "r-1", new Money(new BigDecimal("1.00"), Currency.getInstance("USD")),
                            "alice", false, ALICES_ACCOUNT, null))
                    .expectException(InvalidInput.class)
                    .expectNoEvents();
        }

        @Test
        void by_another_customer_finds_no_payment_and_by_staff_refunds() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(refundBy("bob", "r-1", "1.00", null))
                    .expectException(PaymentNotFound.class)
                    .expectNoEvents();
            fixture.given(REQUESTED, COMPLETED)
                    .when(new RefundPayment(ID, "r-1", eur("1.00"), "admin", true, ALICES_ACCOUNT, null))
                    .expectEvents(refunded("r-1", "1.00", "1.00"));
        }

        @Test
        void with_if_match_only_at_the_current_version() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(refundBy("alice", "r-1", "1.00", 0L))
                    .expectException(StaleVersion.class)
                    .expectNoEvents();
            fixture.given(REQUESTED, COMPLETED)
                    .when(refundBy("alice", "r-1", "1.00", 1L))
                    .expectEvents(refunded("r-1", "1.00", "1.00"));
        }

        @Test
        void of_an_orders_checkout_payment_is_refused_the_order_is_cancelled_instead() {
            fixture.given(REQUESTED_BY_CHECKOUT, COMPLETED)
                    .when(refund("r-1", "40.00"))
                    .expectException(RefundedByCancellingTheOrder.class)
                    .expectNoEvents();
        }

        @Test
        void to_a_closed_account_is_refused_and_changes_nothing() {
            fixture.given(REQUESTED, COMPLETED)
                    .when(new RefundPayment(ID, "r-1", eur("1.00"), "alice", false, ALICES_CLOSED_ACCOUNT, null))
                    .expectException(AccountCannotTakeRefund.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class CancelledOrder {

        @Test
        void refunds_all_that_is_left_of_the_checkout_payment_once() {
            fixture.given(REQUESTED_BY_CHECKOUT, COMPLETED)
                    .when(new RefundCancelledOrder(ID, "cancel-1", "order-1"))
                    .expectEvents(refunded("cancel-1", "40.00", "40.00"))
                    .expectResultMessagePayload(new RefundState(ID, "cancel-1", 2, PaymentStatus.REFUNDED, true));
            fixture.given(REQUESTED_BY_CHECKOUT, COMPLETED, refunded("cancel-1", "40.00", "40.00"))
                    .when(new RefundCancelledOrder(ID, "cancel-1", "order-1"))
                    .expectNoEvents();
        }
    }

    @Nested
    class FailedRefund {

        private final RefundFailed failed = new RefundFailed(ID, "r-2", "acc-1", new BigDecimal("25.00"), "EUR",
                "Account acc-1 is closed and takes no more commands.", new BigDecimal("15.00"));

        @Test
        void no_longer_counts_and_what_it_would_have_refunded_can_be_refunded_again() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"), refunded("r-2", "25.00", "40.00"))
                    .when(new FailRefund(ID, "r-2", "Account acc-1 is closed and takes no more commands."))
                    .expectEvents(failed)
                    .expectResultMessagePayload(new PaymentState(ID, 4, PaymentStatus.PARTIALLY_REFUNDED));
            fixture.given(REQUESTED, COMPLETED, refunded("r-1", "15.00", "15.00"), refunded("r-2", "25.00", "40.00"),
                            failed)
                    .when(refund("r-3", "25.00"))
                    .expectEvents(refunded("r-3", "25.00", "40.00"));
        }

        @Test
        void fails_once_and_only_a_refund_the_payment_made() {
            fixture.given(REQUESTED, COMPLETED, refunded("r-2", "25.00", "25.00"), failed)
                    .when(new FailRefund(ID, "r-2", "closed"))
                    .expectNoEvents();
            fixture.given(REQUESTED, COMPLETED)
                    .when(new FailRefund(ID, "r-9", "closed"))
                    .expectException(UnknownRefund.class);
        }
    }
}
