package dev.tally.account;

import dev.tally.shared.DomainRejection;
import dev.tally.shared.InvalidInput;
import dev.tally.shared.money.Money;

/** Why the Account aggregate refuses a command. Each maps to the HTTP status of its category. */
final class AccountRejections {

    private AccountRejections() {
    }

    /** The account does not exist, or it is not the caller's. */
    static class AccountNotFound extends DomainRejection.NotFound {
        AccountNotFound(String accountId) {
            super("There is no account " + accountId + ".");
        }
    }

    static class AccountIsClosed extends DomainRejection.WrongState {
        AccountIsClosed(String accountId) {
            super("Account " + accountId + " is closed and takes no more commands.");
        }
    }

    static class BalanceNotZero extends DomainRejection.WrongState {
        BalanceNotZero(Money balance) {
            super("Only an account with a zero balance can be closed; the balance is " + balance + ".");
        }
    }

    static class InsufficientFunds extends DomainRejection.RuleViolated {
        InsufficientFunds(Money requested, Money available) {
            super("Cannot take " + requested + ": balance and overdraft allow " + available + ".");
        }
    }

    static class NotPaidFromHere extends DomainRejection.WrongState {
        NotPaidFromHere(String accountId, String paymentId) {
            super("Payment " + paymentId + " was not paid from account " + accountId + ", so no money of it can go back to it.");
        }
    }

    static class CurrencyMismatch extends InvalidInput {
        CurrencyMismatch(Money amount, Money accountMoney) {
            super("currency", "must be " + accountMoney.currency().getCurrencyCode()
                    + ", the account's currency, not " + amount.currency().getCurrencyCode());
        }
    }
}
