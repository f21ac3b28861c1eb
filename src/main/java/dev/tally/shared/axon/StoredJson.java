package dev.tally.shared.axon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tally.shared.money.Money;

/**
 * How events, snapshots, sagas and tokens are written as JSON (Jackson 2, for Axon's
 * JacksonSerializer). Decimals stay exact all the way, also in the JSON trees that upcasters work
 * on (no trailing zeros stripped: 200.00 stays 200.00), and times are ISO-8601 strings.
 */
public final class StoredJson {

    private StoredJson() {
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .addMixIn(Money.class, MoneyAsStored.class)
                .build();
    }

    /** Money in a snapshot is its amount and currency; isZero() and isNegative() are not fields. */
    @JsonIgnoreProperties({"zero", "negative"})
    private abstract static class MoneyAsStored {
    }
}
