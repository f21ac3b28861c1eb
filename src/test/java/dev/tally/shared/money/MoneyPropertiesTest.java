package dev.tally.shared.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;

import dev.tally.shared.web.StrictDecimalModule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Money parsing under any input: it either gives exactly the amount written, or refuses with
 * {@link InvalidMoney} (a 400 naming the field). Nothing rounds, overflows or fails otherwise.
 */
class MoneyPropertiesTest {

    private static final JsonMapper JSON = JsonMapper.builder().addModule(new StrictDecimalModule()).build();

    record AmountRequest(BigDecimal amount) {
    }

    @Provide
    Arbitrary<BigDecimal> anyAmount() {
        Arbitrary<? extends BigDecimal> wide = Combinators.combine(
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(40)),
                        new BigInteger("1" + "0".repeat(40))),
                Arbitraries.integers().between(-20, 40)).as(BigDecimal::new);
        Arbitrary<? extends BigDecimal> nearLimits = Arbitraries.of(Money.MAX_AMOUNT, Money.MAX_AMOUNT.add(new BigDecimal("0.01")),
                BigDecimal.ZERO, new BigDecimal("0.00"), new BigDecimal("-0.01"), new BigDecimal("0.001"),
                new BigDecimal("1E+3"), new BigDecimal("1E-2"));
        return Arbitraries.frequencyOf(Tuple.of(4, wide), Tuple.of(1, nearLimits));
    }

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("EUR", "USD", "JPY", "BHD", "CHF", "GBP").map(Currency::getInstance);
    }

    @Property(tries = 2000)
    void a_positive_amount_is_taken_exactly_or_refused_as_invalid_money(@ForAll("anyAmount") BigDecimal amount,
                                                                          @ForAll("currencies") Currency currency) {
        Throwable refused = catchThrowable(() -> {
            Money money = Money.positive("amount", amount, currency);
            assertThat(money.amount()).isEqualByComparingTo(amount);
            assertThat(money.amount().scale()).isEqualTo(currency.getDefaultFractionDigits());
            assertThat(money.amount().signum()).isPositive();
            assertThat(money.amount()).isLessThanOrEqualTo(Money.MAX_AMOUNT);
        });
        if (refused != null) {
            assertThat(refused).isInstanceOf(InvalidMoney.class);
            boolean shouldBeRefused = amount.signum() <= 0 || amount.compareTo(Money.MAX_AMOUNT) > 0
                    || amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()
                    || amount.scale() > currency.getDefaultFractionDigits();
            assertThat(shouldBeRefused).as("%s %s was refused", amount, currency).isTrue();
        }
    }

    @Property(tries = 2000)
    void a_currency_code_is_an_iso_code_or_refused_as_invalid_money(@ForAll String code) {
        Throwable refused = catchThrowable(() -> assertThat(Money.currency(code).getCurrencyCode()).isEqualTo(code));
        assertThat(refused).satisfiesAnyOf(
                failure -> assertThat(failure).isNull(),
                failure -> assertThat(failure).isInstanceOf(InvalidMoney.class));
    }

    @Provide
    Arbitrary<String> jsonAmounts() {
        Arbitrary<String> numbers = anyAmount().map(BigDecimal::toString);
        Arbitrary<String> plain = anyAmount().map(BigDecimal::toPlainString);
        Arbitrary<String> odd = Arbitraries.of("1e999999999", "-1E-999999999", "0x10", "NaN", "Infinity", "-", ".5",
                "5.", "00.10", "1_000", "true", "null", "[]", "{}", "\"\"", "\" 1\"", "\"1,50\"", "9".repeat(400));
        Arbitrary<String> quoted = Arbitraries.oneOf(plain, Arbitraries.strings().ofMaxLength(40))
                .map(text -> JSON.writeValueAsString(text));
        return Arbitraries.oneOf(numbers, plain, odd, quoted);
    }

    @Property(tries = 2000)
    void a_json_amount_is_read_exactly_as_written_or_refused(@ForAll("jsonAmounts") String amount) {
        String body = "{\"amount\": " + amount + "}";
        Throwable refused = catchThrowable(() -> {
            BigDecimal read = JSON.readValue(body, AmountRequest.class).amount();
            if (read != null) {
                String written = amount.startsWith("\"") ? JSON.readValue(amount, String.class) : amount;
                assertThat(read.toPlainString()).isEqualTo(new BigDecimal(written).toPlainString());
                assertThat(read).isEqualTo(new BigDecimal(written));
            }
        });
        assertThat(refused).satisfiesAnyOf(
                failure -> assertThat(failure).isNull(),
                failure -> assertThat(failure).isInstanceOf(JacksonException.class));
    }
}
