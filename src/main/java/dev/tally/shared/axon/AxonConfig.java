package dev.tally.shared.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** The mapper of Axon's JacksonSerializer, picked up by its name. */
    @Bean(name = "defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return StoredJson.mapper();
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
