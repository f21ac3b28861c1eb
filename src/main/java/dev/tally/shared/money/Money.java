package dev.tally.shared.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount of one currency. The amount always carries the currency's number of fraction
 * digits (EUR 2, JPY 0), so {@code 25 EUR} and {@code 25.00 EUR} are the same value.
 *
 * <p>The factories are the gate for money coming from outside: they reject what the API contract
 * calls bad money (unknown currency, more fraction digits than the currency has, non-positive
 * amounts where a positive one is needed, amounts above {@link #MAX_AMOUNT}) with {@link InvalidMoney}.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** The largest amount a single request may carry. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private static final Pattern ISO_CODE = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (amount.scale() > digits) {
            // setScale would round silently; money must never be rounded behind anyone's back
            throw new ArithmeticException(amount + " has more fraction digits than " + currency + " allows");
        }
        amount = amount.setScale(digits);
    }

    /**
     * An amount read back from a read-model column, which keeps four fraction digits for every
     * currency: the extra digits are zeros and are dropped (anything else would be an error).
     */
    public static Money ofStored(BigDecimal amount, Currency currency) {
        return new Money(amount.setScale(currency.getDefaultFractionDigits()), currency);
    }

    /** Zero in the given currency. */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * A currency from its ISO-4217 code, exactly as written (upper case, three letters).
     * Codes without a number of fraction digits (gold, test codes) are not money here.
     */
    public static Currency currency(String code) {
        if (code == null || !ISO_CODE.matcher(code).matches()) {
            throw new InvalidMoney("currency", "must be an ISO-4217 currency code such as EUR");
        }
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() < 0) {
                throw new InvalidMoney("currency", code + " is not a currency that accounts can hold");
            }
            return currency;
        } catch (IllegalArgumentException unknown) {
            throw new InvalidMoney("currency", code + " is not an ISO-4217 currency code");
        }
    }

    /** A positive amount of at most {@link #MAX_AMOUNT}, as a payment, deposit or price must be. */
    public static Money positive(String field, BigDecimal amount, Currency currency) {
        Money money = of(field, amount, currency);
        if (money.amount.signum() <= 0) {
            throw new InvalidMoney(field, "must be greater than zero");
        }
        return money;
    }

    /** An amount of zero or more and at most {@link #MAX_AMOUNT}, as a limit may be. */
    public static Money nonNegative(String field, BigDecimal amount, Currency currency) {
        Money money = of(field, amount, currency);
        if (money.amount.signum() < 0) {
            throw new InvalidMoney(field, "must not be negative");
        }
        return money;
    }

    private static Money of(String field, BigDecimal amount, Currency currency) {
        if (amount == null) {
            throw new InvalidMoney(field, "must not be null");
        }
        if (amount.scale() > currency.getDefaultFractionDigits()) {
            throw new InvalidMoney(field, "has more than " + currency.getDefaultFractionDigits()
                    + " fraction digits, the most " + currency.getCurrencyCode() + " has");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidMoney(field, "must not be above " + MAX_AMOUNT.toPlainString());
        }
        return new Money(amount, currency);
    }

    public Money plus(Money other) {
        return new Money(amount.add(requireSameCurrency(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(requireSameCurrency(other).amount), currency);
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(requireSameCurrency(other).amount);
    }

    /** The amount as the API shows it: plain digits with the currency's fraction digits. */
    public String formatted() {
        return amount.toPlainString();
    }

    private Money requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
        return other;
    }

    @Override
    public String toString() {
        return formatted() + " " + currency.getCurrencyCode();
    }
}
