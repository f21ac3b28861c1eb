package dev.tally.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Currency;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tally.account.AccountRejections.AccountIsClosed;
import dev.tally.account.AccountRejections.AccountNotFound;
import dev.tally.account.AccountRejections.BalanceNotZero;
import dev.tally.account.AccountRejections.CurrencyMismatch;
import dev.tally.account.AccountRejections.InsufficientFunds;
import dev.tally.account.AccountRejections.NotPaidFromHere;
import dev.tally.account.api.AccountBalance;
import dev.tally.account.api.AccountClosed;
import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.CloseAccount;
import dev.tally.account.api.CreditRefund;
import dev.tally.account.api.DebitForPayment;
import dev.tally.account.api.DebitReturned;
import dev.tally.account.api.DepositMoney;
import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.account.api.OpenAccount;
import dev.tally.account.api.RefundCredited;
import dev.tally.account.api.ReturnDebit;
import dev.tally.account.api.WithdrawMoney;
import dev.tally.shared.StaleVersion;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer's bank account in one currency.
 *
 * <p>Rules: only the owner (the user who opened it) may command it, and to anyone else it does not
 * exist; money moves only in the account's currency; a withdrawal needs balance plus overdraft
 * limit to cover it (a payment's debit too); an account closes only at a zero balance, and a
 * closed account takes no more commands. Every customer command may carry the version the client
 * expects (If-Match). The payment process debits an account once per payment, credits it once
 * per refund, and returns a debit once when its payment was declined after all; refunds and returns
 * only of payments that this account paid, and only while it is open.
 *
 * <p>Long accounts are loaded from a snapshot ({@link AccountSnapshots}), stored as JSON of the
 * fields below with the class's {@code @Revision}; Axon ignores snapshots of another revision.
 * Accounts in use stay in memory between commands ({@link AccountCaching}).
 */
@Aggregate(snapshotTriggerDefinition = AccountSnapshots.TRIGGER, cache = AccountCaching.NAME)
@Revision("2") // of the snapshot's format: change the fields, bump it, and older snapshots are ignored
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Account {

    @AggregateIdentifier
    private String accountId;
    private String owner;
    private Money balance;
    private Money overdraftLimit;
    private boolean closed;
    private final Set<String> debitedPayments = new HashSet<>();
    private final Set<String> creditedRefunds = new HashSet<>();
    private final Set<String> returnedDebits = new HashSet<>();

    protected Account() {
        // for Axon: the aggregate is rebuilt from its events
    }

    @CommandHandler
    public Account(OpenAccount command, @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        Money limit = command.overdraftLimit();
        apply(new AccountOpened(command.accountId(), issuer, command.holderName(),
                limit.currency().getCurrencyCode(), limit.amount()));
    }

    @CommandHandler
    public AccountBalance handle(DepositMoney command,
                                 @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        requireOpenFor(issuer, command.expectedVersion());
        Money amount = inAccountCurrency(command.amount());
        apply(new MoneyDeposited(accountId, amount.amount(), currencyCode(), command.description(),
                command.channel()));
        return balanceNow();
    }

    @CommandHandler
    public AccountBalance handle(WithdrawMoney command,
                                 @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        requireOpenFor(issuer, command.expectedVersion());
        Money amount = inAccountCurrency(command.amount());
        Money available = balance.plus(overdraftLimit);
        if (available.isLessThan(amount)) {
            throw new InsufficientFunds(amount, available);
        }
        apply(new MoneyWithdrawn(accountId, amount.amount(), currencyCode(), command.description()));
        return balanceNow();
    }

    @CommandHandler
    public AccountBalance handle(CloseAccount command,
                                 @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        requireOpenFor(issuer, command.expectedVersion());
        if (!balance.isZero()) {
            throw new BalanceNotZero(balance);
        }
        apply(new AccountClosed(accountId));
        return balanceNow();
    }

    /** From the payment process, which may send the same step more than once. */
    @CommandHandler
    public AccountBalance handle(DebitForPayment command) {
        if (debitedPayments.contains(command.paymentId())) {
            return balanceNow();
        }
        requireOpenFor(command.payer(), null);
        Money amount = inAccountCurrency(command.amount());
        Money available = balance.plus(overdraftLimit);
        if (available.isLessThan(amount)) {
            throw new InsufficientFunds(amount, available);
        }
        apply(new AccountDebited(accountId, command.paymentId(), amount.amount(), currencyCode()));
        return balanceNow();
    }

    /** From the payment process, which may send the same step more than once. */
    @CommandHandler
    public AccountBalance handle(CreditRefund command) {
        if (creditedRefunds.contains(command.refundId())) {
            return balanceNow();
        }
        Money amount = giveBackOf(command.paymentId(), command.amount());
        apply(new RefundCredited(accountId, command.paymentId(), command.refundId(), amount.amount(), currencyCode()));
        return balanceNow();
    }

    /** From the payment process, for a payment declined after its debit: the money goes back. */
    @CommandHandler
    public AccountBalance handle(ReturnDebit command) {
        if (returnedDebits.contains(command.paymentId())) {
            return balanceNow();
        }
        Money amount = giveBackOf(command.paymentId(), command.amount());
        apply(new DebitReturned(accountId, command.paymentId(), amount.amount(), currencyCode()));
        return balanceNow();
    }

    /** Money of a payment goes back only to the account it was taken from, and only while it is open. */
    private Money giveBackOf(String paymentId, Money amount) {
        if (!debitedPayments.contains(paymentId)) {
            throw new NotPaidFromHere(accountId, paymentId);
        }
        if (closed) {
            throw new AccountIsClosed(accountId);
        }
        return inAccountCurrency(amount);
    }

    private void requireOpenFor(String issuer, Long expectedVersion) {
        if (!issuer.equals(owner)) {
            throw new AccountNotFound(accountId);
        }
        StaleVersion.check(expectedVersion);
        if (closed) {
            throw new AccountIsClosed(accountId);
        }
    }

    private Money inAccountCurrency(Money amount) {
        if (!amount.currency().equals(balance.currency())) {
            throw new CurrencyMismatch(amount, balance);
        }
        return amount;
    }

    private String currencyCode() {
        return balance.currency().getCurrencyCode();
    }

    private AccountBalance balanceNow() {
        return new AccountBalance(accountId, AggregateLifecycle.getVersion(), balance);
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        Currency currency = Currency.getInstance(event.currency());
        accountId = event.accountId();
        owner = event.owner();
        balance = Money.zero(currency);
        overdraftLimit = new Money(event.overdraftLimit(), currency);
    }

    @EventSourcingHandler
    void on(MoneyDeposited event) {
        balance = balance.plus(new Money(event.amount(), balance.currency()));
    }

    @EventSourcingHandler
    void on(MoneyWithdrawn event) {
        balance = balance.minus(new Money(event.amount(), balance.currency()));
    }

    @EventSourcingHandler
    void on(AccountDebited event) {
        balance = balance.minus(new Money(event.amount(), balance.currency()));
        debitedPayments.add(event.paymentId());
    }

    @EventSourcingHandler
    void on(RefundCredited event) {
        balance = balance.plus(new Money(event.amount(), balance.currency()));
        creditedRefunds.add(event.refundId());
    }

    @EventSourcingHandler
    void on(DebitReturned event) {
        balance = balance.plus(new Money(event.amount(), balance.currency()));
        returnedDebits.add(event.paymentId());
    }

    @EventSourcingHandler
    void on(AccountClosed event) {
        closed = true;
    }
}
