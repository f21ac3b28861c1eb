package dev.tally.order;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import dev.tally.order.api.CartAbandoned;
import dev.tally.order.api.CartCreated;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderPaid;
import dev.tally.order.api.OrderPaymentFailed;
import dev.tally.order.api.OrderShipped;
import dev.tally.order.api.OrderStatus;
import dev.tally.order.api.OrderView;
import dev.tally.order.api.OrderView.LineView;
import dev.tally.shared.money.Money;
import dev.tally.support.GivenEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Given an order's events, then its view: the read model's rules, checked without a database. */
class OrderViewFoldTest {

    static final String ID = "ord-1";
    private static final Currency EUR = Currency.getInstance("EUR");

    private final OrderViewFold fold = new OrderViewFold();

    static GivenEvents given(Object... payloads) {
        return GivenEvents.of(OrderHistory.AGGREGATE_TYPE, ID, payloads);
    }

    static CartCreated created() {
        return new CartCreated(ID, "alice", "EUR");
    }

    static ItemAdded added(String productId, int quantity, String unitPrice) {
        return new ItemAdded(ID, productId, quantity, new BigDecimal(unitPrice), "EUR");
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), EUR);
    }

    private static final List<OrderLine> FIXED = List.of(new OrderLine("book", 3, new BigDecimal("12.50")));

    @Test
    void a_new_cart_is_empty_and_has_no_payment() {
        assertThat(given(created()).foldedBy(fold)).isEqualTo(
                new OrderView(ID, "alice", OrderStatus.CART, List.of(), eur("0.00"), null, null, 0));
    }

    @Test
    void more_of_a_product_grows_its_line_in_place_and_the_total_counts_every_unit() {
        OrderView view = given(created(), added("book", 1, "12.50"), added("pen", 2, "1.20"), added("book", 2, "12.50"))
                .foldedBy(fold);

        assertThat(view.lines()).containsExactly(
                new LineView("book", 3, eur("12.50"), eur("37.50")),
                new LineView("pen", 2, eur("1.20"), eur("2.40")));
        assertThat(view.total()).isEqualTo(eur("39.90"));
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void a_removed_product_leaves_the_lines_and_the_total() {
        OrderView view = given(created(), added("book", 1, "12.50"), added("pen", 2, "1.20"), new ItemRemoved(ID, "book"))
                .foldedBy(fold);

        assertThat(view.lines()).extracting(LineView::productId).containsExactly("pen");
        assertThat(view.total()).isEqualTo(eur("2.40"));
    }

    @Test
    void the_checkout_fixes_lines_total_account_and_payment_as_its_event_says() {
        OrderView view = given(created(), added("book", 3, "12.50"),
                new OrderCheckedOut(ID, "alice", "acc-1", "pay-1", FIXED, new BigDecimal("37.50"), "EUR"))
                .foldedBy(fold);

        assertThat(view.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(view.accountId()).isEqualTo("acc-1");
        assertThat(view.paymentId()).isEqualTo("pay-1");
        assertThat(view.total()).isEqualTo(eur("37.50"));
        assertThat(view.lines()).containsExactly(new LineView("book", 3, eur("12.50"), eur("37.50")));
    }

    @Test
    void the_payment_outcome_then_shipping_or_cancelling_set_the_status() {
        GivenEvents checkedOut = given(created(), added("book", 3, "12.50"),
                new OrderCheckedOut(ID, "alice", "acc-1", "pay-1", FIXED, new BigDecimal("37.50"), "EUR"));

        GivenEvents paid = checkedOut.then(new OrderPaid(ID, "pay-1", FIXED, new BigDecimal("37.50"), "EUR"));
        assertThat(paid.foldedBy(fold).status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.then(new OrderShipped(ID)).foldedBy(fold).status()).isEqualTo(OrderStatus.SHIPPED);

        OrderView failed = given(created(), added("book", 3, "12.50"),
                new OrderCheckedOut(ID, "alice", "acc-1", "pay-1", FIXED, new BigDecimal("37.50"), "EUR"),
                new OrderPaymentFailed(ID, "pay-1", "Insufficient funds"),
                new OrderCancelled(ID, false, null, FIXED, new BigDecimal("37.50"), "EUR")).foldedBy(fold);
        assertThat(failed.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(failed.paymentId()).isEqualTo("pay-1");
        assertThat(failed.total()).isEqualTo(eur("37.50"));
    }

    @Test
    void an_abandoned_cart_changes_only_its_version() {
        OrderView before = given(created(), added("book", 1, "12.50")).foldedBy(fold);
        OrderView after = given(created(), added("book", 1, "12.50"),
                new CartAbandoned(ID, new BigDecimal("12.50"), "EUR")).foldedBy(fold);

        assertThat(after).isEqualTo(new OrderView(ID, "alice", OrderStatus.CART, before.lines(), before.total(),
                null, null, 2));
    }
}
