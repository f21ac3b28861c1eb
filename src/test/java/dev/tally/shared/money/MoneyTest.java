package dev.tally.shared.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void carries_the_currency_scale() {
        assertThat(Money.positive("amount", new BigDecimal("25"), EUR).formatted()).isEqualTo("25.00");
        assertThat(Money.positive("amount", new BigDecimal("25"), JPY).formatted()).isEqualTo("25");
        assertThat(Money.positive("amount", new BigDecimal("25.5"), EUR))
                .isEqualTo(Money.positive("amount", new BigDecimal("25.50"), EUR));
    }

    @Test
    void rejects_more_fraction_digits_than_the_currency_has() {
        assertThatThrownBy(() -> Money.positive("amount", new BigDecimal("1.001"), EUR))
                .isInstanceOf(InvalidMoney.class).hasMessageContaining("fraction digits");
        assertThatThrownBy(() -> Money.positive("amount", new BigDecimal("1.5"), JPY))
                .isInstanceOf(InvalidMoney.class);
        assertThatThrownBy(() -> Money.positive("amount", new BigDecimal("1.000"), EUR))
                .isInstanceOf(InvalidMoney.class);
    }

    @Test
    void positive_rejects_zero_and_negative() {
        assertThatThrownBy(() -> Money.positive("amount", new BigDecimal("0.00"), EUR))
                .isInstanceOf(InvalidMoney.class).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> Money.positive("amount", new BigDecimal("-1"), EUR))
                .isInstanceOf(InvalidMoney.class);
    }

    @Test
    void non_negative_accepts_zero_but_not_less() {
        assertThat(Money.nonNegative("overdraftLimit", BigDecimal.ZERO, EUR).isZero()).isTrue();
        assertThatThrownBy(() -> Money.nonNegative("overdraftLimit", new BigDecimal("-0.01"), EUR))
                .isInstanceOf(InvalidMoney.class)
                .satisfies(e -> assertThat(((InvalidMoney) e).field()).isEqualTo("overdraftLimit"));
    }

    @Test
    void allows_one_billion_but_not_more() {
        assertThat(Money.positive("amount", new BigDecimal("1000000000.00"), EUR).formatted())
                .isEqualTo("1000000000.00");
        assertThatThrownBy(() -> Money.positive("amount", new BigDecimal("1000000000.01"), EUR))
                .isInstanceOf(InvalidMoney.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eur", "EURO", "ABC", "XXX", "XAU", "E1R"})
    void rejects_what_is_not_an_iso_currency_of_money(String code) {
        assertThatThrownBy(() -> Money.currency(code))
                .isInstanceOf(InvalidMoney.class)
                .satisfies(e -> assertThat(((InvalidMoney) e).field()).isEqualTo("currency"));
    }

    @Test
    void arithmetic_stays_exact_and_in_one_currency() {
        Money a = Money.positive("amount", new BigDecimal("0.10"), EUR);
        Money sum = Money.zero(EUR);
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(a);
        }
        Money one = sum;
        assertThat(one.formatted()).isEqualTo("1.00");
        assertThat(one.minus(a.times(11)).isNegative()).isTrue();
        assertThatThrownBy(() -> one.plus(Money.positive("amount", BigDecimal.ONE, JPY)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
