package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.CreditRefund;
import dev.tally.account.api.DebitForPayment;
import dev.tally.account.api.ReturnDebit;
import dev.tally.order.api.MarkOrderPaid;
import dev.tally.order.api.MarkPaymentFailed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.FailRefund;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.RefundCancelledOrder;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentProcessTest {

    private static final String ID = "pay-1";
    private static final String ORDER = "order-1";
    private static final Money FORTY = new Money(new BigDecimal("40.00"), Currency.getInstance("EUR"));

    private static final PaymentRequested REQUESTED =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", ORDER, "order order-1", true);
    private static final PaymentRequested REQUESTED_WITHOUT_ORDER =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", null, null, false);
    private static final AccountDebited DEBITED = new AccountDebited("acc-1", ID, new BigDecimal("40.00"), "EUR");
    private static final PaymentCompleted COMPLETED =
            new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", ORDER);
    private static final PaymentDeclined TIMED_OUT =
            new PaymentDeclined(ID, "the account was not debited in time", ORDER);
    private static final List<OrderLine> LINES = List.of(new OrderLine("book", 2, new BigDecimal("20.00")));

    /** How the account side refuses a debit; the real rejections are the account package's own. */
    static class Refused extends DomainRejection.RuleViolated {
        Refused(String message) {
            super(message);
        }
    }

    private SagaTestFixture<PaymentProcess> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PaymentProcess.class);
        fixture.registerCommandGateway(CommandGateway.class);
    }

    private void refuse(Class<?> commandType, RuntimeException refusal) {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (commandType.isInstance(command)) {
                throw refusal;
            }
            return null;
        });
    }

    private static PaymentRefunded refunded(String refundId, String amount, String total) {
        return new PaymentRefunded(ID, refundId, "acc-1", new BigDecimal(amount), "EUR", new BigDecimal(total));
    }

    @Nested
    class Checkout {

        @Test
        void asks_for_the_payment_the_order_names_as_the_orders_payment() {
            fixture.givenNoPriorActivity()
                    .whenAggregate(ORDER).publishes(new OrderCheckedOut(ORDER, "alice", "acc-1", ID, LINES,
                            new BigDecimal("40.00"), "EUR"))
                    .expectActiveSagas(1)
                    .expectDispatchedCommands(new RequestPayment(ID, "alice", "acc-1",
                            new AccountHolder("acc-1", "alice", "EUR", true), FORTY, ORDER, "alice", true,
                            "order order-1"));
        }
    }

    @Nested
    class Success {

        @Test
        void a_requested_payment_debits_the_account_and_leaves_the_clock_to_the_payment() {
            fixture.givenNoPriorActivity()
                    .whenAggregate(ID).publishes(REQUESTED)
                    .expectActiveSagas(1)
                    .expectDispatchedCommands(new DebitForPayment("acc-1", ID, "alice", FORTY))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void the_debit_completes_the_payment() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenAggregate("acc-1").publishes(DEBITED)
                    .expectDispatchedCommands(new CompletePayment(ID));
        }

        @Test
        void completion_marks_the_order_paid() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .andThenAggregate("acc-1").published(DEBITED)
                    .whenAggregate(ID).publishes(COMPLETED)
                    .expectDispatchedCommands(new MarkOrderPaid(ORDER, ID))
                    .expectActiveSagas(1);
        }

        @Test
        void completion_without_an_order_tells_no_order() {
            fixture.givenAggregate(ID).published(REQUESTED_WITHOUT_ORDER)
                    .whenAggregate(ID).publishes(new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", null))
                    .expectNoDispatchedCommands();
        }
    }

    @Nested
    class Decline {

        @Test
        void a_refused_debit_declines_the_payment_with_the_reason() {
            refuse(DebitForPayment.class, new Refused("Cannot take 40.00 EUR: balance and overdraft allow 10.00 EUR."));
            fixture.givenNoPriorActivity()
                    .whenAggregate(ID).publishes(REQUESTED)
                    .expectDispatchedCommands(new DebitForPayment("acc-1", ID, "alice", FORTY),
                            new DeclinePayment(ID, "Cannot take 40.00 EUR: balance and overdraft allow 10.00 EUR."));
        }

        @Test
        void a_declined_payment_that_was_not_debited_fails_the_order_and_ends_the_process() {
            refuse(DebitForPayment.class, new Refused("insufficient funds"));
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenAggregate(ID).publishes(new PaymentDeclined(ID, "insufficient funds", ORDER))
                    .expectDispatchedCommands(new MarkPaymentFailed(ORDER, ID, "insufficient funds"))
                    .expectActiveSagas(0);
        }

        @Test
        void a_debit_that_failed_without_an_answer_is_left_to_the_payments_own_clock() {
            refuse(DebitForPayment.class, new IllegalStateException("database unavailable"));
            fixture.givenNoPriorActivity()
                    .whenAggregate(ID).publishes(REQUESTED)
                    .expectDispatchedCommands(new DebitForPayment("acc-1", ID, "alice", FORTY))
                    .expectNoScheduledDeadlines();
        }
    }

    /** The payment times itself out; a debit that happened anyway must go back, never be kept. */
    @Nested
    class LateDebit {

        @Test
        void a_payment_declined_after_this_process_debited_it_gets_its_debit_back() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenAggregate(ID).publishes(TIMED_OUT)
                    .expectDispatchedCommands(new ReturnDebit("acc-1", ID, FORTY),
                            new MarkPaymentFailed(ORDER, ID, TIMED_OUT.reason()))
                    .expectActiveSagas(0);
        }

        @Test
        void a_debit_that_reaches_a_declined_payment_goes_back() {
            refuse(CompletePayment.class, new PaymentRejections.IllegalTransition(ID, PaymentStatus.DECLINED,
                    "complete"));
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenAggregate("acc-1").publishes(DEBITED)
                    .expectDispatchedCommands(new CompletePayment(ID), new ReturnDebit("acc-1", ID, FORTY));
        }
    }

    @Nested
    class Refund {

        @Test
        void a_refund_is_credited_to_the_account() {
            fixture.givenAggregate(ID).published(REQUESTED_WITHOUT_ORDER, COMPLETED)
                    .whenAggregate(ID).publishes(refunded("r-1", "15.00", "15.00"))
                    .expectDispatchedCommands(new CreditRefund("acc-1", ID, "r-1",
                            new Money(new BigDecimal("15.00"), Currency.getInstance("EUR"))))
                    .expectActiveSagas(1);
        }

        @Test
        void the_last_refund_once_credited_ends_the_process() {
            fixture.givenAggregate(ID).published(REQUESTED_WITHOUT_ORDER, COMPLETED)
                    .whenAggregate(ID).publishes(refunded("r-1", "40.00", "40.00"))
                    .expectDispatchedCommands(new CreditRefund("acc-1", ID, "r-1", FORTY))
                    .expectActiveSagas(0);
        }

        @Test
        void a_credit_the_account_refuses_fails_the_refund_and_the_process_goes_on() {
            refuse(CreditRefund.class, new Refused("Account acc-1 is closed and takes no more commands."));
            fixture.givenAggregate(ID).published(REQUESTED_WITHOUT_ORDER, COMPLETED)
                    .whenAggregate(ID).publishes(refunded("r-1", "40.00", "40.00"))
                    .expectDispatchedCommands(new CreditRefund("acc-1", ID, "r-1", FORTY),
                            new FailRefund(ID, "r-1", "Account acc-1 is closed and takes no more commands."))
                    .expectActiveSagas(1);
        }
    }

    @Nested
    class CancelAfterPaid {

        @Test
        void refunds_all_that_is_left_of_the_payment() {
            fixture.givenAggregate(ID).published(REQUESTED, COMPLETED)
                    .whenAggregate(ORDER).publishes(new OrderCancelled(ORDER, true, ID, LINES,
                            new BigDecimal("40.00"), "EUR"))
                    .expectDispatchedCommands(new RefundCancelledOrder(ID,
                            PaymentIdempotency.cancellationRefundId(ORDER), ORDER));
        }
    }
}
