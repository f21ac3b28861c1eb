package dev.tally.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import dev.tally.account.PayingAccount.AccountCannotPay;
import dev.tally.account.api.AccountHolder;
import dev.tally.order.OrderRejections.EmptyCart;
import dev.tally.order.OrderRejections.IllegalTransition;
import dev.tally.order.OrderRejections.LineTooLarge;
import dev.tally.order.OrderRejections.NotInCart;
import dev.tally.order.OrderRejections.NotThisOrdersPayment;
import dev.tally.order.OrderRejections.OrderNotFound;
import dev.tally.order.OrderRejections.OrderTooLarge;
import dev.tally.order.OrderRejections.PriceDiffers;
import dev.tally.order.api.AddItem;
import dev.tally.order.api.CancelOrder;
import dev.tally.order.api.CartAbandoned;
import dev.tally.order.api.CartCreated;
import dev.tally.order.api.CheckOut;
import dev.tally.order.api.CreateCart;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.MarkOrderPaid;
import dev.tally.order.api.MarkPaymentFailed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderPaid;
import dev.tally.order.api.OrderPaymentFailed;
import dev.tally.order.api.OrderShipped;
import dev.tally.order.api.OrderState;
import dev.tally.order.api.OrderStatus;
import dev.tally.order.api.RemoveItem;
import dev.tally.order.api.ShipOrder;
import dev.tally.payment.PaymentIdempotency;
import dev.tally.shared.StaleVersion;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.money.InvalidMoney;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final String ID = "order-1";
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Duration ABANDON_AFTER = Duration.ofMinutes(30);
    private static final Map<String, String> ALICE = Map.of(TallyMetaData.USERNAME, "alice");
    private static final Map<String, String> BOB = Map.of(TallyMetaData.USERNAME, "bob");
    private static final AccountHolder ALICES_EUR_ACCOUNT = new AccountHolder("acc-1", "alice", "EUR", true);

    private FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource(new AbandonedCartTimeout(ABANDON_AFTER));
    }

    private static final CartCreated CREATED = new CartCreated(ID, "alice", "EUR");
    private static final ItemAdded TWO_BOOKS = added("book", 2, "12.50");
    private static final ItemAdded ONE_PEN = added("pen", 1, "3.20");
    private static final List<OrderLine> LINES = List.of(new OrderLine("book", 2, new BigDecimal("12.50")),
            new OrderLine("pen", 1, new BigDecimal("3.20")));
    /** The payment of a checkout that is event number 3 of the order. */
    private static final String PAYMENT = PaymentIdempotency.checkoutPaymentId(ID, 3);
    private static final OrderCheckedOut CHECKED_OUT = checkedOut(PAYMENT);
    private static final OrderPaid PAID = new OrderPaid(ID, PAYMENT, LINES, new BigDecimal("28.20"), "EUR");
    private static final OrderPaymentFailed FAILED = new OrderPaymentFailed(ID, PAYMENT, "insufficient funds");

    private static OrderCheckedOut checkedOut(String paymentId) {
        return new OrderCheckedOut(ID, "alice", "acc-1", paymentId, LINES, new BigDecimal("28.20"), "EUR");
    }

    private static ItemAdded added(String product, int quantity, String unitPrice) {
        return new ItemAdded(ID, product, quantity, new BigDecimal(unitPrice), "EUR");
    }

    private static AddItem add(String product, int quantity, String unitPrice) {
        return new AddItem(ID, product, quantity, new BigDecimal(unitPrice), null);
    }

    private static OrderState state(long version, OrderStatus status, String total) {
        return new OrderState(ID, version, status, new Money(new BigDecimal(total), EUR));
    }

    private static CommandMessage<?> byAlice(Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(ALICE);
    }

    @Nested
    class CreateCartCommand {

        @Test
        void starts_a_cart_for_the_issuing_user() {
            fixture.givenNoPriorActivity()
                    .when(new CreateCart(ID, EUR), ALICE)
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(CREATED);
        }
    }

    @Nested
    class AddItemCommand {

        @Test
        void adds_a_line_and_answers_total_and_version() {
            fixture.given(CREATED)
                    .when(add("book", 2, "12.50"), ALICE)
                    .expectEvents(TWO_BOOKS)
                    .expectResultMessagePayload(state(1, OrderStatus.CART, "25.00"));
        }

        @Test
        void adds_the_quantity_to_the_line_of_the_same_product() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN)
                    .when(add("book", 3, "12.5"), ALICE)
                    .expectEvents(added("book", 3, "12.50"))
                    .expectResultMessagePayload(state(3, OrderStatus.CART, "65.70"));
        }

        @Test
        void at_another_price_for_a_product_in_the_cart_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(add("book", 1, "11.00"), ALICE)
                    .expectException(PriceDiffers.class)
                    .expectNoEvents();
        }

        @Test
        void beyond_a_thousand_units_in_one_line_is_rejected() {
            fixture.given(CREATED, added("book", 999, "1.00"))
                    .when(add("book", 2, "1.00"), ALICE)
                    .expectException(LineTooLarge.class)
                    .expectNoEvents();
        }

        @Test
        void beyond_what_one_payment_may_be_in_all_is_rejected() {
            fixture.given(CREATED, added("yacht", 1, "999999999.00"))
                    .when(add("pen", 1, "1.00"), ALICE)
                    .expectSuccessfulHandlerExecution();
            fixture.given(CREATED, added("yacht", 1, "999999999.00"), added("pen", 1, "1.00"))
                    .when(add("pen", 1, "1.00"), ALICE)
                    .expectException(OrderTooLarge.class)
                    .expectNoEvents();
        }

        @Test
        void with_a_price_that_is_not_positive_money_of_the_order_currency_is_rejected() {
            fixture.given(CREATED).when(add("book", 1, "0.00"), ALICE).expectException(InvalidMoney.class);
            fixture.given(CREATED).when(add("book", 1, "1.005"), ALICE).expectException(InvalidMoney.class);
        }

        @Test
        void in_yen_keeps_whole_yen() {
            fixture.given(new CartCreated(ID, "alice", "JPY"))
                    .when(add("book", 3, "1200"), ALICE)
                    .expectEvents(new ItemAdded(ID, "book", 3, new BigDecimal("1200"), "JPY"))
                    .expectResultMessagePayload(new OrderState(ID, 1, OrderStatus.CART,
                            new Money(new BigDecimal("3600"), Currency.getInstance("JPY"))));
        }

        @Test
        void by_another_user_finds_no_order() {
            fixture.given(CREATED)
                    .when(add("book", 1, "1.00"), BOB)
                    .expectException(OrderNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void after_checkout_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(add("book", 1, "12.50"), ALICE)
                    .expectException(IllegalTransition.class)
                    .expectNoEvents();
        }

        @Test
        void with_a_stale_expected_version_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new AddItem(ID, "pen", 1, new BigDecimal("3.20"), 0L), ALICE)
                    .expectException(StaleVersion.class)
                    .expectNoEvents();
        }

        @Test
        void schedules_the_abandoned_cart_deadline() {
            fixture.given(CREATED)
                    .when(add("book", 2, "12.50"), ALICE)
                    .expectScheduledDeadlineWithName(ABANDON_AFTER, Order.CART_ABANDONED_DEADLINE);
        }
    }

    @Nested
    class RemoveItemCommand {

        @Test
        void removes_the_line() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN)
                    .when(new RemoveItem(ID, "book", null), ALICE)
                    .expectEvents(new ItemRemoved(ID, "book"))
                    .expectResultMessagePayload(state(3, OrderStatus.CART, "3.20"));
        }

        @Test
        void of_a_product_not_in_the_cart_is_not_found() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new RemoveItem(ID, "pen", null), ALICE)
                    .expectException(NotInCart.class)
                    .expectNoEvents();
        }

        @Test
        void of_the_last_line_leaves_nothing_to_abandon() {
            // no new deadline for the empty cart, and the one of the cart with the book finds it empty
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")), byAlice(new RemoveItem(ID, "book", null)))
                    .whenTimeElapses(ABANDON_AFTER)
                    .expectTriggeredDeadlinesWithName(Order.CART_ABANDONED_DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void after_cancellation_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, new OrderCancelled(ID, false, null,
                            List.of(new OrderLine("book", 2, new BigDecimal("12.50"))), new BigDecimal("25.00"), "EUR"))
                    .when(new RemoveItem(ID, "book", null), ALICE)
                    .expectException(IllegalTransition.class);
        }

        @Test
        void by_another_user_finds_no_order() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new RemoveItem(ID, "book", null), BOB)
                    .expectException(OrderNotFound.class);
        }
    }

    @Nested
    class CheckOutCommand {

        @Test
        void fixes_lines_and_total_and_awaits_payment() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN)
                    .when(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, 2L), ALICE)
                    .expectEvents(CHECKED_OUT)
                    .expectResultMessagePayload(state(3, OrderStatus.PAYMENT_PENDING, "28.20"));
        }

        @Test
        void leaves_the_abandoned_cart_deadline_nothing_to_do() {
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")),
                            byAlice(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, null)))
                    .whenTimeElapses(ABANDON_AFTER)
                    .expectTriggeredDeadlinesWithName(Order.CART_ABANDONED_DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void of_an_empty_cart_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS, new ItemRemoved(ID, "book"))
                    .when(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, null), ALICE)
                    .expectException(EmptyCart.class)
                    .expectNoEvents();
        }

        @Test
        void from_an_unknown_account_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CheckOut(ID, "nope", null, null), ALICE)
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
        }

        @Test
        void from_another_users_account_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CheckOut(ID, "acc-2", new AccountHolder("acc-2", "bob", "EUR", true), null), ALICE)
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
        }

        @Test
        void from_an_account_in_another_currency_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CheckOut(ID, "acc-3", new AccountHolder("acc-3", "alice", "USD", true), null), ALICE)
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
        }

        @Test
        void from_a_closed_account_is_rejected_by_the_same_rule() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CheckOut(ID, "acc-1", new AccountHolder("acc-1", "alice", "EUR", false), null), ALICE)
                    .expectException(AccountCannotPay.class)
                    .expectNoEvents();
        }

        @Test
        void again_after_a_failed_payment_is_allowed_with_a_new_payment() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, FAILED)
                    .when(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, null), ALICE)
                    .expectEvents(checkedOut(PaymentIdempotency.checkoutPaymentId(ID, 5)));
        }

        @Test
        void while_payment_is_pending_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, null), ALICE)
                    .expectException(IllegalTransition.class)
                    .expectNoEvents();
        }

        @Test
        void by_another_user_finds_no_order() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, null), BOB)
                    .expectException(OrderNotFound.class);
        }
    }

    @Nested
    class PaymentOutcome {

        @Test
        void paid_records_what_was_paid_for() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(new MarkOrderPaid(ID, PAYMENT))
                    .expectEvents(PAID)
                    .expectResultMessagePayload(state(4, OrderStatus.PAID, "28.20"));
        }

        @Test
        void paid_twice_by_the_same_payment_changes_nothing() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, PAID)
                    .when(new MarkOrderPaid(ID, PAYMENT))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void by_a_payment_the_order_does_not_wait_for_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(new MarkOrderPaid(ID, "some-other-payment"))
                    .expectException(NotThisOrdersPayment.class)
                    .expectNoEvents();
        }

        @Test
        void paid_before_checkout_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new MarkOrderPaid(ID, PAYMENT))
                    .expectException(NotThisOrdersPayment.class);
        }

        @Test
        void paid_after_the_payment_failed_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, FAILED)
                    .when(new MarkOrderPaid(ID, PAYMENT))
                    .expectException(IllegalTransition.class);
        }

        @Test
        void failed_lets_the_customer_try_again() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(new MarkPaymentFailed(ID, PAYMENT, "insufficient funds"))
                    .expectEvents(FAILED)
                    .expectResultMessagePayload(state(4, OrderStatus.PAYMENT_FAILED, "28.20"));
        }

        @Test
        void failed_twice_for_the_same_payment_changes_nothing() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, FAILED)
                    .when(new MarkPaymentFailed(ID, PAYMENT, "insufficient funds"))
                    .expectNoEvents();
        }

        @Test
        void failed_after_paid_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, PAID)
                    .when(new MarkPaymentFailed(ID, PAYMENT, "late"))
                    .expectException(IllegalTransition.class);
        }
    }

    @Nested
    class CancelOrderCommand {

        @Test
        void of_a_cart_records_it_was_not_paid() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN)
                    .when(new CancelOrder(ID, null), ALICE)
                    .expectEvents(new OrderCancelled(ID, false, null, LINES, new BigDecimal("28.20"), "EUR"))
                    .expectResultMessagePayload(state(3, OrderStatus.CANCELLED, "28.20"));
        }

        @Test
        void of_a_paid_order_names_the_payment_to_refund() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, PAID)
                    .when(new CancelOrder(ID, null), ALICE)
                    .expectEvents(new OrderCancelled(ID, true, PAYMENT, LINES, new BigDecimal("28.20"), "EUR"));
        }

        @Test
        void after_a_failed_payment_is_allowed_and_refunds_nothing() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, FAILED)
                    .when(new CancelOrder(ID, null), ALICE)
                    .expectEvents(new OrderCancelled(ID, false, null, LINES, new BigDecimal("28.20"), "EUR"));
        }

        @Test
        void leaves_the_abandoned_cart_deadline_nothing_to_do() {
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")), byAlice(new CancelOrder(ID, null)))
                    .whenTimeElapses(ABANDON_AFTER)
                    .expectTriggeredDeadlinesWithName(Order.CART_ABANDONED_DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void while_payment_is_pending_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(new CancelOrder(ID, null), ALICE)
                    .expectException(IllegalTransition.class)
                    .expectNoEvents();
        }

        @Test
        void of_a_shipped_order_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, PAID, new OrderShipped(ID))
                    .when(new CancelOrder(ID, null), ALICE)
                    .expectException(IllegalTransition.class);
        }

        @Test
        void twice_is_an_illegal_transition() {
            fixture.given(CREATED, new OrderCancelled(ID, false, null, List.of(), new BigDecimal("0.00"), "EUR"))
                    .when(new CancelOrder(ID, null), ALICE)
                    .expectException(IllegalTransition.class);
        }

        @Test
        void by_another_user_finds_no_order() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CancelOrder(ID, null), BOB)
                    .expectException(OrderNotFound.class);
        }

        @Test
        void with_a_stale_expected_version_is_rejected() {
            fixture.given(CREATED, TWO_BOOKS)
                    .when(new CancelOrder(ID, 0L), ALICE)
                    .expectException(StaleVersion.class);
        }
    }

    @Nested
    class ShipOrderCommand {

        @Test
        void ships_a_paid_order() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT, PAID)
                    .when(new ShipOrder(ID, null))
                    .expectEvents(new OrderShipped(ID))
                    .expectResultMessagePayload(state(5, OrderStatus.SHIPPED, "28.20"));
        }

        @Test
        void of_an_unpaid_order_is_an_illegal_transition() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN, CHECKED_OUT)
                    .when(new ShipOrder(ID, null))
                    .expectException(IllegalTransition.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class AbandonedCart {

        @Test
        void a_cart_left_alone_for_the_configured_time_is_abandoned() {
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")), byAlice(add("pen", 1, "3.20")))
                    .whenTimeElapses(ABANDON_AFTER)
                    .expectTriggeredDeadlinesWithName(Order.CART_ABANDONED_DEADLINE, Order.CART_ABANDONED_DEADLINE)
                    .expectEvents(new CartAbandoned(ID, new BigDecimal("28.20"), "EUR"));
        }

        @Test
        void nothing_happens_before_the_time_is_up() {
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")))
                    .whenTimeElapses(ABANDON_AFTER.minusSeconds(1))
                    .expectNoEvents();
        }

        @Test
        void a_change_schedules_a_deadline_for_the_new_version() {
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")))
                    .when(add("pen", 1, "3.20"), ALICE)
                    .expectScheduledDeadline(ABANDON_AFTER, 2L);
        }

        @Test
        void after_several_changes_the_cart_is_abandoned_once_as_it_is_then() {
            // both changes' deadlines run out; the first finds the cart changed since
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")), byAlice(add("pen", 1, "3.20")))
                    .whenTimeElapses(ABANDON_AFTER)
                    .expectTriggeredDeadlinesWithName(Order.CART_ABANDONED_DEADLINE, Order.CART_ABANDONED_DEADLINE)
                    .expectEvents(new CartAbandoned(ID, new BigDecimal("28.20"), "EUR"));
        }

        @Test
        void a_checked_out_cart_is_never_abandoned() {
            fixture.given(CREATED)
                    .andGivenCommands(byAlice(add("book", 2, "12.50")),
                            byAlice(new CheckOut(ID, "acc-1", ALICES_EUR_ACCOUNT, null)))
                    .whenTimeElapses(Duration.ofHours(2))
                    .expectNoEvents();
        }

        @Test
        void a_deadline_scheduled_before_the_latest_change_is_ignored() {
            // as if it was already running when the change cancelled it
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN)
                    .whenInvoking(ID, order -> order.cartLeftAlone(1L))
                    .expectNoEvents();
        }

        @Test
        void a_deadline_of_the_current_version_abandons_the_cart() {
            fixture.given(CREATED, TWO_BOOKS, ONE_PEN)
                    .whenInvoking(ID, order -> order.cartLeftAlone(2L))
                    .expectEvents(new CartAbandoned(ID, new BigDecimal("28.20"), "EUR"));
        }
    }
}
