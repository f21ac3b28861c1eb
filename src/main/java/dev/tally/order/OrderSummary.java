package dev.tally.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

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
import dev.tally.shared.money.Money;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of the {@code order-summary} read model: one order with its lines, as of its latest event. */
@Entity
@Table(name = "order_summary")
class OrderSummary {

    @Id
    @Column(name = "order_id", length = 36)
    private String orderId;
    @Column(nullable = false, length = 100)
    private String owner;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 20)
    private OrderStatus status;
    @Column(nullable = false, length = 3)
    private String currency;
    @Column(nullable = false, precision = 22, scale = 4)
    private BigDecimal total;
    @Column(name = "account_id", length = 36)
    private String accountId;
    @Column(name = "payment_id", length = 100)
    private String paymentId;
    @Column(nullable = false)
    private long version;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_summary_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<Line> lines = new ArrayList<>();

    /** One product of the order, as a row of {@code order_summary_line}. */
    @Embeddable
    static class Line {
        @Column(name = "product_id", nullable = false, length = 64)
        private String productId;
        @Column(nullable = false)
        private int quantity;
        @Column(name = "unit_price", nullable = false, precision = 22, scale = 4)
        private BigDecimal unitPrice;

        protected Line() {
            // for JPA
        }

        Line(String productId, int quantity, BigDecimal unitPrice) {
            this.productId = productId;
            this.quantity = quantity;
            this.unitPrice = unitPrice;
        }
    }

    protected OrderSummary() {
        // for JPA
    }

    OrderSummary(String orderId, String owner, String currency, long version) {
        this.orderId = orderId;
        this.owner = owner;
        this.currency = currency;
        this.status = OrderStatus.CART;
        this.total = BigDecimal.ZERO;
        this.version = version;
    }

    /** The row of a new cart. */
    static OrderSummary created(CartCreated event, long version) {
        return new OrderSummary(event.orderId(), event.owner(), event.currency(), version);
    }

    /**
     * This order after one of its later events, at the event's version. The projection and the
     * temporal query both change an order through here, so the two cannot tell different stories.
     */
    void apply(Object event, long version) {
        if (event instanceof ItemAdded added) {
            add(added.productId(), added.quantity(), added.unitPrice());
        } else if (event instanceof ItemRemoved removed) {
            remove(removed.productId());
        } else if (event instanceof OrderCheckedOut checkedOut) {
            checkedOut(checkedOut.accountId(), checkedOut.paymentId(), checkedOut.lines(), checkedOut.total());
        } else if (event instanceof OrderPaid paid) {
            paymentSettled(OrderStatus.PAID, paid.paymentId());
        } else if (event instanceof OrderPaymentFailed failed) {
            paymentSettled(OrderStatus.PAYMENT_FAILED, failed.paymentId());
        } else if (event instanceof OrderCancelled) {
            status = OrderStatus.CANCELLED;
        } else if (event instanceof OrderShipped) {
            status = OrderStatus.SHIPPED;
        }
        // CartAbandoned changes nothing but the version, so that minVersion waits see it
        this.version = version;
    }

    long version() {
        return version;
    }

    /** Whether this row already shows the event with the given sequence number (or a later one). */
    boolean shows(long sequenceNumber) {
        return version >= sequenceNumber;
    }

    private void add(String productId, int quantity, BigDecimal unitPrice) {
        lines.stream().filter(line -> line.productId.equals(productId)).findFirst().ifPresentOrElse(
                line -> line.quantity += quantity,
                () -> lines.add(new Line(productId, quantity, unitPrice)));
        total = computedTotal();
    }

    private void remove(String productId) {
        lines.removeIf(line -> line.productId.equals(productId));
        total = computedTotal();
    }

    /** The lines and total as the order fixed them at checkout, payment or cancellation. */
    private void settle(OrderStatus status, List<OrderLine> lines, BigDecimal total) {
        this.status = status;
        this.lines.clear();
        lines.forEach(line -> this.lines.add(new Line(line.productId(), line.quantity(), line.unitPrice())));
        this.total = total;
    }

    private void checkedOut(String accountId, String paymentId, List<OrderLine> lines, BigDecimal total) {
        this.accountId = accountId;
        this.paymentId = paymentId;
        settle(OrderStatus.PAYMENT_PENDING, lines, total);
    }

    private void paymentSettled(OrderStatus status, String paymentId) {
        this.status = status;
        this.paymentId = paymentId;
    }

    private BigDecimal computedTotal() {
        return lines.stream()
                .map(line -> line.unitPrice.multiply(BigDecimal.valueOf(line.quantity)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    OrderView toView() {
        Currency orderCurrency = Currency.getInstance(currency);
        List<OrderView.LineView> lineViews = lines.stream()
                .map(line -> {
                    Money unitPrice = Money.ofStored(line.unitPrice, orderCurrency);
                    return new OrderView.LineView(line.productId, line.quantity, unitPrice,
                            unitPrice.times(line.quantity));
                })
                .toList();
        return new OrderView(orderId, owner, status, lineViews, Money.ofStored(total, orderCurrency), accountId,
                paymentId, version);
    }

}
