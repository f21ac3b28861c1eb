package dev.tally.account;

import java.util.Currency;

import dev.tally.account.api.AccountHolder;
import dev.tally.shared.DomainRejection;

/**
 * The rules that other capabilities apply to an account before money moves from or to it, on what
 * the account side tells them ({@link AccountHolder}, from the event store). An order's checkout
 * and a payment request ask {@link #requireMayPay}; a refund asks {@link #requireMayTakeRefund}.
 * The account itself decides again when the money moves (funds, and a closing in between).
 */
public final class PayingAccount {

    private PayingAccount() {
    }

    /**
     * The account exists, is the payer's, is open, and keeps the currency of the payment.
     *
     * @param account what the account side knows of {@code accountId}, or {@code null} if nothing
     */
    public static void requireMayPay(String accountId, AccountHolder account, String payer, Currency currency) {
        if (account == null || !account.owner().equals(payer)) {
            throw new AccountCannotPay(accountId, "there is no such account of yours");
        }
        if (!account.open()) {
            throw new AccountCannotPay(accountId, "it is closed");
        }
        if (!account.currency().equals(currency.getCurrencyCode())) {
            throw new AccountCannotPay(accountId, "it keeps " + account.currency() + ", not "
                    + currency.getCurrencyCode());
        }
    }

    /** A refund goes back to the account it was paid from, and only while that account is open. */
    public static void requireMayTakeRefund(String accountId, AccountHolder account) {
        if (account == null || !account.open()) {
            throw new AccountCannotTakeRefund(accountId);
        }
    }

    /** A payment (or a checkout) names an account that cannot pay it (422). */
    public static class AccountCannotPay extends DomainRejection.RuleViolated {
        AccountCannotPay(String accountId, String why) {
            super("Account " + accountId + " cannot pay: " + why + ".");
        }
    }

    /** The account a refund would go back to is closed (409): the refund is refused, nothing changes. */
    public static class AccountCannotTakeRefund extends DomainRejection.WrongState {
        AccountCannotTakeRefund(String accountId) {
            super("Account " + accountId + ", which the payment was paid from, is closed and cannot take a refund.");
        }
    }
}
