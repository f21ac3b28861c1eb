package dev.tally.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

import dev.tally.account.api.AccountStatus;
import dev.tally.account.api.AccountView;
import dev.tally.shared.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of the {@code account-summary} read model: one account as of its latest event. */
@Entity
@Table(name = "account_summary")
class AccountSummary {

    @Id
    @Column(name = "account_id", length = 36)
    private String accountId;
    @Column(nullable = false, length = 100)
    private String owner;
    @Column(name = "holder_name", nullable = false, length = 200)
    private String holderName;
    @Column(nullable = false, length = 3)
    private String currency;
    @Column(nullable = false, precision = 22, scale = 4)
    private BigDecimal balance;
    @Column(name = "overdraft_limit", nullable = false, precision = 22, scale = 4)
    private BigDecimal overdraftLimit;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 10)
    private AccountStatus status;
    @Column(nullable = false)
    private long version;
    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    protected AccountSummary() {
        // for JPA
    }

    AccountSummary(AccountView view) {
        this.accountId = view.accountId();
        show(view);
    }

    /** Whether this row already shows the event with the given sequence number (or a later one). */
    boolean shows(long sequenceNumber) {
        return version >= sequenceNumber;
    }

    void show(AccountView view) {
        owner = view.owner();
        holderName = view.holderName();
        currency = view.balance().currency().getCurrencyCode();
        balance = view.balance().amount();
        overdraftLimit = view.overdraftLimit().amount();
        status = view.status();
        version = view.version();
        openedAt = view.openedAt();
    }

    AccountView toView() {
        Currency accountCurrency = Currency.getInstance(currency);
        return new AccountView(accountId, owner, holderName, Money.ofStored(balance, accountCurrency),
                Money.ofStored(overdraftLimit, accountCurrency), status, version, openedAt);
    }

}
