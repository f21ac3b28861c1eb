package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;

import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.PaymentView;
import dev.tally.shared.money.Money;
import dev.tally.shared.readmodel.SummaryRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of the {@code payment-summary} read model: one payment as of its latest event. */
@Entity
@Table(name = "payment_summary")
class PaymentSummary extends SummaryRow<PaymentView> {

    @Id
    @Column(name = "payment_id", length = 36)
    private String paymentId;
    @Column(nullable = false, length = 100)
    private String payer;
    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;
    @Column(nullable = false, length = 3)
    private String currency;
    @Column(nullable = false, precision = 22, scale = 4)
    private BigDecimal amount;
    @Column(nullable = false, precision = 22, scale = 4)
    private BigDecimal refunded;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 20)
    private PaymentStatus status;
    @Column(name = "order_id", length = 36)
    private String orderId;
    @Column(length = 200)
    private String description;
    @Column(name = "failure_reason", length = 500)
    private String failureReason;

    PaymentSummary() {
        // for JPA, and for a new row, which shows its first view next
    }

    @Override
    public String getId() {
        return paymentId;
    }

    @Override
    protected void copy(PaymentView view) {
        paymentId = view.paymentId();
        payer = view.payer();
        accountId = view.accountId();
        currency = view.amount().currency().getCurrencyCode();
        amount = view.amount().amount();
        refunded = view.refunded().amount();
        status = view.status();
        orderId = view.orderId();
        description = view.description();
        failureReason = view.failureReason();
    }

    @Override
    public PaymentView toView() {
        Currency paymentCurrency = Currency.getInstance(currency);
        return new PaymentView(paymentId, payer, accountId, Money.ofStored(amount, paymentCurrency),
                status, Money.ofStored(refunded, paymentCurrency), orderId, description, failureReason, version());
    }
}
