package dev.tally.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;

import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.CreditRefund;
import dev.tally.account.api.DebitForPayment;
import dev.tally.order.api.MarkOrderPaid;
import dev.tally.order.api.MarkPaymentFailed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentIds;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.RefundPayment;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Money FORTY = new Money(new BigDecimal("40.00"), Currency.getInstance("EUR"));

    private static final PaymentRequested REQUESTED =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", ORDER, "order order-1");
    private static final PaymentRequested REQUESTED_WITHOUT_ORDER =
            new PaymentRequested(ID, "alice", "acc-1", new BigDecimal("40.00"), "EUR", null, null);
    private static final AccountDebited DEBITED = new AccountDebited("acc-1", ID, new BigDecimal("40.00"), "EUR");
    private static final PaymentCompleted COMPLETED =
            new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", ORDER);
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
        fixture.registerResource(new PaymentTimeoutPolicy(TIMEOUT));
        fixture.registerCommandGateway(CommandGateway.class);
    }

    @Nested
    class Checkout {

        @Test
        void asks_for_the_payment_the_order_names() {
            fixture.givenNoPriorActivity()
                    .whenAggregate(ORDER).publishes(new OrderCheckedOut(ORDER, "alice", "acc-1", ID, LINES,
                            new BigDecimal("40.00"), "EUR"))
                    .expectActiveSagas(1)
                    .expectDispatchedCommands(new RequestPayment(ID, "alice", "acc-1",
                            new AccountHolder("acc-1", "alice", "EUR"), FORTY, ORDER, "order order-1"));
        }
    }

    @Nested
    class Success {

        @Test
        void a_requested_payment_debits_the_account_and_starts_no_clock_once_it_is_debited() {
            fixture.givenNoPriorActivity()
                    .whenAggregate(ID).publishes(REQUESTED)
                    .expectActiveSagas(1)
                    .expectDispatchedCommands(new DebitForPayment("acc-1", ID, "alice", FORTY))
                    .expectNoScheduledDeadlines();
        }

        /**
         * The process may reach the AccountDebited long after the debit was stored: it was down (a
         * crash and restart, as CrashRecoveryIT found) or behind. No timeout may decline the payment
         * meanwhile, or the account is debited for a declined payment.
         */
        @Test
        void a_debited_payment_is_not_declined_however_late_the_process_gets_to_the_debit() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenTimeElapses(TIMEOUT.multipliedBy(10))
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void the_debit_completes_the_payment() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenAggregate("acc-1").publishes(DEBITED)
                    .expectDispatchedCommands(new CompletePayment(ID));
        }

        @Test
        void completion_marks_the_order_paid_and_leaves_no_clock() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .andThenAggregate("acc-1").published(DEBITED)
                    .whenAggregate(ID).publishes(COMPLETED)
                    .expectDispatchedCommands(new MarkOrderPaid(ORDER, ID))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);
        }

        @Test
        void completion_without_an_order_tells_no_order() {
            fixture.givenAggregate(ID).published(REQUESTED_WITHOUT_ORDER)
                    .whenAggregate(ID).publishes(new PaymentCompleted(ID, "acc-1", new BigDecimal("40.00"), "EUR", null))
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Decline {

        @Test
        void a_refused_debit_declines_the_payment_with_the_reason() {
            fixture.setCallbackBehavior((command, metaData) -> {
                if (command instanceof DebitForPayment) {
                    throw new Refused("Cannot take 40.00 EUR: balance and overdraft allow 10.00 EUR.");
                }
                return null;
            });
            fixture.givenNoPriorActivity()
                    .whenAggregate(ID).publishes(REQUESTED)
                    .expectDispatchedCommands(new DebitForPayment("acc-1", ID, "alice", FORTY),
                            new DeclinePayment(ID, "Cannot take 40.00 EUR: balance and overdraft allow 10.00 EUR."));
        }

        @Test
        void a_declined_payment_fails_the_order_and_ends_the_process() {
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenAggregate(ID).publishes(new PaymentDeclined(ID, "insufficient funds", ORDER))
                    .expectDispatchedCommands(new MarkPaymentFailed(ORDER, ID, "insufficient funds"))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(0);
        }
    }

    @Nested
    class Timeout {

        @Test
        void no_answer_in_time_declines_the_payment() {
            fixture.setCallbackBehavior((command, metaData) -> {
                if (command instanceof DebitForPayment) {
                    throw new IllegalStateException("database unavailable");
                }
                return null;
            });
            fixture.givenAggregate(ID).published(REQUESTED)
                    .whenTimeElapses(TIMEOUT)
                    .expectDispatchedCommands(new DeclinePayment(ID, "the account did not answer in time"));
        }

        @Test
        void an_unexpected_failure_of_the_debit_is_left_to_the_timeout() {
            fixture.setCallbackBehavior((command, metaData) -> {
                throw new IllegalStateException("database unavailable");
            });
            fixture.givenNoPriorActivity()
                    .whenAggregate(ID).publishes(REQUESTED)
                    .expectDispatchedCommands(new DebitForPayment("acc-1", ID, "alice", FORTY))
                    .expectScheduledDeadlineWithName(TIMEOUT, PaymentProcess.TIMEOUT);
        }
    }

    @Nested
    class Refund {

        @Test
        void a_refund_is_credited_to_the_account() {
            fixture.givenAggregate(ID).published(REQUESTED, COMPLETED)
                    .whenAggregate(ID).publishes(new PaymentRefunded(ID, "r-1", "acc-1", new BigDecimal("15.00"),
                            "EUR", new BigDecimal("15.00")))
                    .expectDispatchedCommands(new CreditRefund("acc-1", ID, "r-1",
                            new Money(new BigDecimal("15.00"), Currency.getInstance("EUR"))))
                    .expectActiveSagas(1);
        }

        @Test
        void the_last_refund_ends_the_process() {
            fixture.givenAggregate(ID).published(REQUESTED, COMPLETED)
                    .whenAggregate(ID).publishes(new PaymentRefunded(ID, "r-1", "acc-1", new BigDecimal("40.00"),
                            "EUR", new BigDecimal("40.00")))
                    .expectDispatchedCommands(new CreditRefund("acc-1", ID, "r-1", FORTY))
                    .expectActiveSagas(0);
        }
    }

    @Nested
    class CancelAfterPaid {

        @Test
        void refunds_all_that_is_left_of_the_payment() {
            fixture.givenAggregate(ID).published(REQUESTED, COMPLETED)
                    .whenAggregate(ORDER).publishes(new OrderCancelled(ORDER, true, ID, LINES,
                            new BigDecimal("40.00"), "EUR"))
                    .expectDispatchedCommands(new RefundPayment(ID, PaymentIds.forCancellation(ORDER), null));
        }
    }
}
