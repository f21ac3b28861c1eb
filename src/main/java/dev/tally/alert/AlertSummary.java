package dev.tally.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

import dev.tally.alert.api.AlertView;
import dev.tally.shared.readmodel.SummaryRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the {@code alert-summary} read model: one alert. */
@Entity
@Table(name = "alert_summary")
class AlertSummary extends SummaryRow<AlertView> {

    @Id
    @Column(name = "alert_id", length = 36)
    private String alertId;
    @Column(nullable = false, length = 40)
    private String rule;
    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;
    @Column(nullable = false, length = 100)
    private String owner;
    @Column(name = "detected_at", nullable = false)
    private Instant detectedAt;
    @Column(name = "window_start", nullable = false)
    private Instant windowStart;
    @Column(name = "window_end", nullable = false)
    private Instant windowEnd;
    @Column(name = "alert_value", nullable = false, precision = 22, scale = 4)
    private BigDecimal value;
    @Column(nullable = false, precision = 22, scale = 4)
    private BigDecimal threshold;
    @Column(length = 3)
    private String currency;

    AlertSummary() {
        // for JPA, and for a new row, which shows its first view next
    }

    @Override
    public String getId() {
        return alertId;
    }

    @Override
    protected void copy(AlertView view) {
        alertId = view.alertId();
        rule = view.rule();
        accountId = view.accountId();
        owner = view.owner();
        detectedAt = view.detectedAt();
        windowStart = view.windowStart();
        windowEnd = view.windowEnd();
        value = view.value();
        threshold = view.threshold();
        currency = view.currency();
    }

    @Override
    public AlertView toView() {
        return new AlertView(alertId, rule, accountId, owner, detectedAt, windowStart, windowEnd, stored(value),
                stored(threshold), currency, version());
    }

    /**
     * A number as it was raised: the column keeps four fraction digits, an amount has its currency's
     * (10000.00 EUR, 10000 JPY) and a count none.
     */
    private BigDecimal stored(BigDecimal number) {
        int digits = currency == null ? 0 : Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal exact = number.stripTrailingZeros();
        return exact.scale() <= digits ? exact.setScale(digits) : exact;
    }
}
