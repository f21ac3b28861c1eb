package dev.tally.shared.axon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How Axon stores messages: as JSON written by Jackson 2 (Axon's serializer is built on it,
 * while the REST layer uses Boot's Jackson 3), and with who and why in every event's metadata.
 */
@Configuration
class AxonConfig {

    /**
     * The mapper of Axon's JacksonSerializer, picked up by its name. Decimals stay exact all the
     * way, also in the JSON trees that upcasters work on, and times are ISO-8601 strings.
     */
    @Bean(name = "defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** Correlation and trace ids: which command caused an event, and which request started it all. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** The user who issued a command is copied onto every event and command it causes. */
    @Bean
    CorrelationDataProvider issuerProvider() {
        return new SimpleCorrelationDataProvider(TallyMetaData.USERNAME);
    }
}
