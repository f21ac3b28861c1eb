package dev.tally.shared.web;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads every {@link BigDecimal} of a request body exactly from its text: a JSON string or a JSON
 * number in plain decimal notation. Nothing passes through {@code double}, and exponents,
 * booleans, blanks and other shapes are rejected, so a client never gets an amount it did not write.
 */
@Component
public class StrictDecimalModule extends SimpleModule {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

    public StrictDecimalModule() {
        super("tally-strict-decimal");
        addDeserializer(BigDecimal.class, new StrictDecimalDeserializer());
    }

    static final class StrictDecimalDeserializer extends ValueDeserializer<BigDecimal> {

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                    || token == JsonToken.VALUE_NUMBER_FLOAT) {
                String text = parser.getString();
                if (PLAIN_DECIMAL.matcher(text).matches()) {
                    return new BigDecimal(text);
                }
            }
            return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
        }
    }
}
