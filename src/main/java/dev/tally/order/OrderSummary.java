package dev.tally.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderStatus;
import dev.tally.order.api.OrderView;
import dev.tally.shared.money.Money;
import dev.tally.shared.readmodel.SummaryRow;
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
class OrderSummary extends SummaryRow<OrderView> {

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

    OrderSummary() {
        // for JPA, and for a new row, which shows its first view next
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    protected void copy(OrderView view) {
        orderId = view.orderId();
        owner = view.owner();
        status = view.status();
        currency = view.total().currency().getCurrencyCode();
        total = view.total().amount();
        accountId = view.accountId();
        paymentId = view.paymentId();
        // Hibernate compares the list position by position at the flush: unchanged lines are not written again
        lines.clear();
        view.lines().forEach(line -> lines.add(new Line(line.productId(), line.quantity(), line.unitPrice().amount())));
    }

    @Override
    public OrderView toView() {
        Currency orderCurrency = Currency.getInstance(currency);
        CartLines cart = new CartLines(lines.stream()
                .map(line -> new OrderLine(line.productId, line.quantity,
                        Money.ofStored(line.unitPrice, orderCurrency).amount()))
                .toList());
        return new OrderView(orderId, owner, status, OrderViewFold.lineViews(cart, orderCurrency),
                Money.ofStored(total, orderCurrency), accountId, paymentId, version());
    }
}
