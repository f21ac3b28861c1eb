package dev.tally.shared.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JPA event storage, built as Axon's Spring Boot auto-configuration builds it (its
 * {@code JpaEventStoreAutoConfiguration}: the same serializers, upcaster chain, snapshot filter,
 * exception resolver and transaction manager), with the gap settings of {@link GapSettings} instead of
 * Axon's defaults. With this bean the auto-configuration steps aside, and with it its registration of
 * Axon's event entities, which is therefore made here.
 */
@Configuration
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStorageConfig {

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("serializer") Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager, GapSettings gaps) {
        return JpaEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .gapTimeout((int) gaps.gapTimeout().toMillis())
                .maxGapOffset(gaps.maxGapOffset())
                .gapCleaningThreshold(gaps.gapCleaningThreshold())
                .lowestGlobalSequence(gaps.lowestGlobalSequence())
                .build();
    }
}
