package dev.tally.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

import dev.tally.account.api.AccountStatus;
import dev.tally.account.api.AccountView;
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

/** A row of the {@code account-summary} read model: one account as of its latest event. */
@Entity
@Table(name = "account_summary")
class AccountSummary extends SummaryRow<AccountView> {

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
    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    AccountSummary() {
        // for JPA, and for a new row, which shows its first view next
    }

    @Override
    public String getId() {
        return accountId;
    }

    @Override
    protected void copy(AccountView view) {
        accountId = view.accountId();
        owner = view.owner();
        holderName = view.holderName();
        currency = view.balance().currency().getCurrencyCode();
        balance = view.balance().amount();
        overdraftLimit = view.overdraftLimit().amount();
        status = view.status();
        openedAt = view.openedAt();
    }

    @Override
    public AccountView toView() {
        Currency accountCurrency = Currency.getInstance(currency);
        return new AccountView(accountId, owner, holderName, Money.ofStored(balance, accountCurrency),
                Money.ofStored(overdraftLimit, accountCurrency), status, version(), openedAt);
    }
}
