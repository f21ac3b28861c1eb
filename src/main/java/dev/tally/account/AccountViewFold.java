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
import dev.tally.shared.money.Money;
import dev.tally.shared.readmodel.ViewFold;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How an account's view follows from its events, one event at a time. The read model and the
 * temporal queries both fold events through here, so "the account as it is" and "the account as
 * it was" can never disagree.
 */
final class AccountViewFold implements ViewFold<AccountView> {

    @Override
    public AccountView initial(DomainEventMessage<?> first) {
        AccountOpened opened = (AccountOpened) first.getPayload();
        Currency currency = Currency.getInstance(opened.currency());
        return new AccountView(opened.accountId(), opened.owner(), opened.holderName(), Money.zero(currency),
                new Money(opened.overdraftLimit(), currency), AccountStatus.OPEN, first.getSequenceNumber(),
                first.getTimestamp());
    }

    @Override
    public AccountView evolve(AccountView before, DomainEventMessage<?> event) {
        long version = event.getSequenceNumber();
        Object payload = event.getPayload();
        if (payload instanceof MoneyDeposited deposited) {
            return withBalance(before, before.balance().plus(inCurrencyOf(before, deposited.amount())), version);
        }
        if (payload instanceof MoneyWithdrawn withdrawn) {
            return withBalance(before, before.balance().minus(inCurrencyOf(before, withdrawn.amount())), version);
        }
        if (payload instanceof AccountDebited debited) {
            return withBalance(before, before.balance().minus(inCurrencyOf(before, debited.amount())), version);
        }
        if (payload instanceof RefundCredited credited) {
            return withBalance(before, before.balance().plus(inCurrencyOf(before, credited.amount())), version);
        }
        if (payload instanceof DebitReturned returned) {
            return withBalance(before, before.balance().plus(inCurrencyOf(before, returned.amount())), version);
        }
        if (payload instanceof AccountClosed) {
            return new AccountView(before.accountId(), before.owner(), before.holderName(), before.balance(),
                    before.overdraftLimit(), AccountStatus.CLOSED, version, before.openedAt());
        }
        // an event this view does not show still moves its version on
        return withBalance(before, before.balance(), version);
    }

    @Override
    public long version(AccountView view) {
        return view.version();
    }

    private static Money inCurrencyOf(AccountView view, BigDecimal amount) {
        return new Money(amount, view.balance().currency());
    }

    private static AccountView withBalance(AccountView view, Money balance, long version) {
        return new AccountView(view.accountId(), view.owner(), view.holderName(), balance, view.overdraftLimit(),
                view.status(), version, view.openedAt());
    }
}
