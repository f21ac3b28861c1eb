package dev.tally.account;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;

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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountTest {

    private static final String ID = "acc-1";
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Map<String, String> ALICE = Map.of(TallyMetaData.USERNAME, "alice");
    private static final Map<String, String> BOB = Map.of(TallyMetaData.USERNAME, "bob");

    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), EUR);
    }

    private static AccountOpened opened(String overdraft) {
        return new AccountOpened(ID, "alice", "Alice Liddell", "EUR", new BigDecimal(overdraft));
    }

    private static MoneyDeposited deposited(String amount) {
        return new MoneyDeposited(ID, new BigDecimal(amount), "EUR", null, "API");
    }

    @Nested
    class Open {

        @Test
        void opens_for_the_issuing_user_with_the_overdraft_currency() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccount(ID, "Alice Liddell", eur("50.00")), ALICE)
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened("50.00"));
        }
    }

    @Nested
    class Deposit {

        @Test
        void adds_to_the_balance_and_answers_balance_and_version() {
            fixture.given(opened("0.00"), deposited("10.00"))
                    .when(new DepositMoney(ID, eur("25.10"), "salary", "API", null), ALICE)
                    .expectEvents(new MoneyDeposited(ID, new BigDecimal("25.10"), "EUR", "salary", "API"))
                    .expectResultMessagePayload(new AccountBalance(ID, 2, eur("35.10")));
        }

        @Test
        void in_another_currency_is_rejected() {
            fixture.given(opened("0.00"))
                    .when(new DepositMoney(ID, new Money(BigDecimal.TEN, Currency.getInstance("USD")), null, "API", null),
                            ALICE)
                    .expectException(CurrencyMismatch.class)
                    .expectNoEvents();
        }

        @Test
        void by_another_customer_finds_no_account() {
            fixture.given(opened("0.00"))
                    .when(new DepositMoney(ID, eur("1.00"), null, "API", null), BOB)
                    .expectException(AccountNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void with_the_current_version_is_accepted() {
            fixture.given(opened("0.00"), deposited("1.00"))
                    .when(new DepositMoney(ID, eur("1.00"), null, "API", 1L), ALICE)
                    .expectEvents(deposited("1.00"));
        }

        @Test
        void with_a_stale_version_is_rejected() {
            fixture.given(opened("0.00"), deposited("1.00"))
                    .when(new DepositMoney(ID, eur("1.00"), null, "API", 0L), ALICE)
                    .expectException(StaleVersion.class)
                    .expectNoEvents();
        }

        @Test
        void to_a_closed_account_is_rejected() {
            fixture.given(opened("0.00"), new AccountClosed(ID))
                    .when(new DepositMoney(ID, eur("1.00"), null, "API", null), ALICE)
                    .expectException(AccountIsClosed.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Withdraw {

        @Test
        void takes_from_the_balance() {
            fixture.given(opened("0.00"), deposited("30.00"))
                    .when(new WithdrawMoney(ID, eur("12.50"), "rent", null), ALICE)
                    .expectEvents(new MoneyWithdrawn(ID, new BigDecimal("12.50"), "EUR", "rent"))
                    .expectResultMessagePayload(new AccountBalance(ID, 2, eur("17.50")));
        }

        @Test
        void may_use_the_whole_overdraft() {
            fixture.given(opened("50.00"), deposited("10.00"))
                    .when(new WithdrawMoney(ID, eur("60.00"), null, null), ALICE)
                    .expectEvents(new MoneyWithdrawn(ID, new BigDecimal("60.00"), "EUR", null))
                    .expectResultMessagePayload(new AccountBalance(ID, 2, eur("-50.00")));
        }

        @Test
        void beyond_balance_and_overdraft_is_rejected() {
            fixture.given(opened("50.00"), deposited("10.00"))
                    .when(new WithdrawMoney(ID, eur("60.01"), null, null), ALICE)
                    .expectException(InsufficientFunds.class)
                    .expectNoEvents();
        }

        @Test
        void in_another_currency_is_rejected() {
            fixture.given(opened("0.00"), deposited("10.00"))
                    .when(new WithdrawMoney(ID, new Money(BigDecimal.ONE, Currency.getInstance("JPY")), null, null),
                            ALICE)
                    .expectException(CurrencyMismatch.class)
                    .expectNoEvents();
        }

        @Test
        void by_another_customer_finds_no_account() {
            fixture.given(opened("0.00"), deposited("10.00"))
                    .when(new WithdrawMoney(ID, eur("1.00"), null, null), BOB)
                    .expectException(AccountNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void with_a_stale_version_is_rejected() {
            fixture.given(opened("0.00"), deposited("10.00"))
                    .when(new WithdrawMoney(ID, eur("1.00"), null, 5L), ALICE)
                    .expectException(StaleVersion.class)
                    .expectNoEvents();
        }

        @Test
        void from_a_closed_account_is_rejected() {
            fixture.given(opened("0.00"), new AccountClosed(ID))
                    .when(new WithdrawMoney(ID, eur("1.00"), null, null), ALICE)
                    .expectException(AccountIsClosed.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Close {

        @Test
        void closes_at_zero_balance() {
            fixture.given(opened("0.00"), deposited("5.00"), new MoneyWithdrawn(ID, new BigDecimal("5.00"), "EUR", null))
                    .when(new CloseAccount(ID, null), ALICE)
                    .expectEvents(new AccountClosed(ID));
        }

        @Test
        void with_money_left_is_rejected() {
            fixture.given(opened("0.00"), deposited("5.00"))
                    .when(new CloseAccount(ID, null), ALICE)
                    .expectException(BalanceNotZero.class)
                    .expectNoEvents();
        }

        @Test
        void in_overdraft_is_rejected() {
            fixture.given(opened("10.00"), new MoneyWithdrawn(ID, new BigDecimal("5.00"), "EUR", null))
                    .when(new CloseAccount(ID, null), ALICE)
                    .expectException(BalanceNotZero.class)
                    .expectNoEvents();
        }

        @Test
        void twice_is_rejected() {
            fixture.given(opened("0.00"), new AccountClosed(ID))
                    .when(new CloseAccount(ID, null), ALICE)
                    .expectException(AccountIsClosed.class)
                    .expectNoEvents();
        }

        @Test
        void by_another_customer_finds_no_account() {
            fixture.given(opened("0.00"))
                    .when(new CloseAccount(ID, null), BOB)
                    .expectException(AccountNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void with_a_stale_version_is_rejected() {
            fixture.given(opened("0.00"))
                    .when(new CloseAccount(ID, 3L), ALICE)
                    .expectException(StaleVersion.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class DebitForPaymentCommand {

        private DebitForPayment debit(String paymentId, String amount) {
            return new DebitForPayment(ID, paymentId, "alice", eur(amount));
        }

        @Test
        void takes_the_amount_once_for_the_payment() {
            fixture.given(opened("0.00"), deposited("50.00"))
                    .when(debit("pay-1", "40.00"))
                    .expectEvents(new AccountDebited(ID, "pay-1", new BigDecimal("40.00"), "EUR"))
                    .expectResultMessagePayload(new AccountBalance(ID, 2, eur("10.00")));
        }

        @Test
        void for_a_payment_already_debited_changes_nothing() {
            fixture.given(opened("0.00"), deposited("50.00"),
                            new AccountDebited(ID, "pay-1", new BigDecimal("40.00"), "EUR"))
                    .when(debit("pay-1", "40.00"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new AccountBalance(ID, 2, eur("10.00")));
        }

        @Test
        void needs_balance_and_overdraft_to_cover_it() {
            fixture.given(opened("5.00"), deposited("30.00"))
                    .when(debit("pay-1", "35.01"))
                    .expectException(InsufficientFunds.class)
                    .expectNoEvents();
        }

        @Test
        void from_an_account_of_someone_else_than_the_payer_is_not_found() {
            fixture.given(opened("0.00"), deposited("50.00"))
                    .when(new DebitForPayment(ID, "pay-1", "bob", eur("1.00")))
                    .expectException(AccountNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void from_a_closed_account_is_rejected() {
            fixture.given(opened("0.00"), new AccountClosed(ID))
                    .when(debit("pay-1", "1.00"))
                    .expectException(AccountIsClosed.class);
        }

        @Test
        void in_another_currency_is_rejected() {
            fixture.given(opened("0.00"), deposited("50.00"))
                    .when(new DebitForPayment(ID, "pay-1", "alice",
                            new Money(new BigDecimal("1.00"), Currency.getInstance("USD"))))
                    .expectException(CurrencyMismatch.class);
        }
    }

    @Nested
    class CreditRefundCommand {

        private static final AccountDebited DEBITED = new AccountDebited(ID, "pay-1", new BigDecimal("40.00"), "EUR");

        @Test
        void gives_money_of_a_payment_back_once_per_refund() {
            fixture.given(opened("0.00"), deposited("50.00"), DEBITED)
                    .when(new CreditRefund(ID, "pay-1", "ref-1", eur("15.00")))
                    .expectEvents(new RefundCredited(ID, "pay-1", "ref-1", new BigDecimal("15.00"), "EUR"))
                    .expectResultMessagePayload(new AccountBalance(ID, 3, eur("25.00")));
        }

        @Test
        void for_a_refund_already_credited_changes_nothing() {
            fixture.given(opened("0.00"), deposited("50.00"), DEBITED,
                            new RefundCredited(ID, "pay-1", "ref-1", new BigDecimal("15.00"), "EUR"))
                    .when(new CreditRefund(ID, "pay-1", "ref-1", eur("15.00")))
                    .expectNoEvents();
        }

        @Test
        void of_a_payment_not_paid_from_this_account_is_rejected() {
            fixture.given(opened("0.00"), deposited("50.00"))
                    .when(new CreditRefund(ID, "pay-9", "ref-1", eur("15.00")))
                    .expectException(NotPaidFromHere.class)
                    .expectNoEvents();
        }

        @Test
        void to_a_closed_account_is_rejected_and_moves_nothing() {
            fixture.given(opened("0.00"), deposited("40.00"), DEBITED, new AccountClosed(ID))
                    .when(new CreditRefund(ID, "pay-1", "ref-1", eur("15.00")))
                    .expectException(AccountIsClosed.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class ReturnDebitCommand {

        private static final AccountDebited DEBITED = new AccountDebited(ID, "pay-1", new BigDecimal("40.00"), "EUR");
        private static final DebitReturned RETURNED = new DebitReturned(ID, "pay-1", new BigDecimal("40.00"), "EUR");

        @Test
        void gives_the_debit_of_a_declined_payment_back_once() {
            fixture.given(opened("0.00"), deposited("50.00"), DEBITED)
                    .when(new ReturnDebit(ID, "pay-1", eur("40.00")))
                    .expectEvents(RETURNED)
                    .expectResultMessagePayload(new AccountBalance(ID, 3, eur("50.00")));
            fixture.given(opened("0.00"), deposited("50.00"), DEBITED, RETURNED)
                    .when(new ReturnDebit(ID, "pay-1", eur("40.00")))
                    .expectNoEvents()
                    .expectResultMessagePayload(new AccountBalance(ID, 3, eur("50.00")));
        }

        @Test
        void of_a_payment_not_debited_here_is_rejected() {
            fixture.given(opened("0.00"), deposited("50.00"))
                    .when(new ReturnDebit(ID, "pay-9", eur("40.00")))
                    .expectException(NotPaidFromHere.class)
                    .expectNoEvents();
        }
    }
}
