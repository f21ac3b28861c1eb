package dev.tally.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A send that fails must not be skipped: the publisher's errors go to its processor, which backs
 * off and retries the event, instead of being logged and passed over (Axon's default for handlers).
 */
@Configuration
@ConditionalOnProperty(name = "tally.kafka.enabled", havingValue = "true")
class KafkaPublishing {

    @Bean
    ConfigurerModule kafkaPublisherRetriesFailedSends() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(KafkaPublisher.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
