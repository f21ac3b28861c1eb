package dev.tally.account;

import java.math.BigDecimal;
import java.util.Currency;

import dev.tally.account.api.AccountClosed;
import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.AccountStatus;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.DebitReturned;
import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.account.api.RefundCredited;
import dev.tally.privacy.api.CustomerForgotten;
import dev.tally.shared.money.Money;
import dev.tally.support.GivenEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Given an account's events, then its view: the read model's rules, checked without a database. */
class AccountViewFoldTest {

    static final String ID = "acc-1";
    static final Currency EUR = Currency.getInstance("EUR");

    private final AccountViewFold fold = new AccountViewFold();

    static AccountOpened opened() {
        return new AccountOpened(ID, "alice", "Alice Liddell", "EUR", new BigDecimal("50.00"));
    }

    static GivenEvents given(Object... payloads) {
        return GivenEvents.of(AccountHistory.AGGREGATE_TYPE, ID, payloads);
    }

    static Money eur(String amount) {
        return new Money(new BigDecimal(amount), EUR);
    }

    @Test
    void an_opened_account_is_open_empty_with_its_overdraft_and_opening_time() {
        AccountView view = given(opened()).foldedBy(fold);

        assertThat(view).isEqualTo(new AccountView(ID, "alice", "Alice Liddell", eur("0.00"), eur("50.00"),
                AccountStatus.OPEN, 0, GivenEvents.START));
    }

    @Test
    void every_movement_of_money_changes_the_balance_by_its_amount() {
        AccountView view = given(opened(),
                new MoneyDeposited(ID, new BigDecimal("100.00"), "EUR", null, "API"),
                new MoneyWithdrawn(ID, new BigDecimal("30.50"), "EUR", null),
                new AccountDebited(ID, "pay-1", new BigDecimal("20.00"), "EUR"),
                new RefundCredited(ID, "pay-1", "ref-1", new BigDecimal("5.00"), "EUR"),
                new AccountDebited(ID, "pay-2", new BigDecimal("10.00"), "EUR"),
                new DebitReturned(ID, "pay-2", new BigDecimal("10.00"), "EUR")).foldedBy(fold);

        // 100.00 - 30.50 - 20.00 + 5.00 - 10.00 + 10.00
        assertThat(view.balance()).isEqualTo(eur("54.50"));
        assertThat(view.version()).isEqualTo(6);
        assertThat(view.status()).isEqualTo(AccountStatus.OPEN);
    }

    @Test
    void a_closed_account_keeps_its_balance_and_owner() {
        AccountView view = given(opened(), new AccountClosed(ID)).foldedBy(fold);

        assertThat(view.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(view.balance()).isEqualTo(eur("0.00"));
        assertThat(view.owner()).isEqualTo("alice");
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void an_event_the_view_does_not_show_moves_only_its_version() {
        AccountView before = given(opened()).foldedBy(fold);
        AccountView after = given(opened(), new CustomerForgotten("alice")).foldedBy(fold);

        assertThat(after).isEqualTo(new AccountView(before.accountId(), before.owner(), before.holderName(),
                before.balance(), before.overdraftLimit(), before.status(), 1, before.openedAt()));
    }
}
