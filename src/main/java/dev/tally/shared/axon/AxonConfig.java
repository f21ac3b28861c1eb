package dev.tally.shared.axon;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.privacy.PersonalDataModule;
import dev.tally.privacy.PersonalDataVault;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How Axon stores messages: as JSON written by Jackson 2 (Axon's serializer is built on it,
 * while the REST layer uses Boot's Jackson 3), and with who and why in every event's metadata.
 */
@Configuration
class AxonConfig {

    /** The mapper of Axon's JacksonSerializer, picked up by its name; it seals personal data. */
    @Bean(name = "defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper(PersonalDataVault personalData) {
        return StoredJson.mapper().registerModule(new PersonalDataModule(personalData));
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

    /**
     * Commands retried when they lose a race: with several nodes on one event store, two nodes
     * may append the same aggregate's next event at once; the store's uniqueness on (aggregate,
     * sequence) rejects one with a ConcurrencyException (or, for two creations of one aggregate, an
     * AggregateStreamCreationException), and the loser reloads and runs again.
     * So is a command that could not take its aggregate's lock without a deadlock (nothing ran).
     * Nothing else is retried: a rejection by the domain would be the same the next time.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
                                  @Value("${tally.commands.conflict-retries:10}") int retries) {
        // backing off exponentially (10 ms, 20 ms, 40 ms...) lets racing nodes fall out of step
        RetryScheduler retryOnConflict = new RetryOnConflict(ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(retries)
                .backoffFactor(10));
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryOnConflict).build();
    }

    /**
     * Axon's back-off schedule, deciding on the failure as a whole. Axon's own test asks its
     * predicate of the failure and then of each of its causes, and refuses to retry when any of them
     * is "non-transient": a conflict always has a cause that is not a conflict itself (the
     * database's duplicate key, the rejection decided on a cached aggregate), so no conflict was
     * ever retried (two nodes, one request at a time: a 409 for a race the client never ran).
     */
    private static final class RetryOnConflict extends ExponentialBackOffIntervalRetryScheduler {

        private RetryOnConflict(Builder builder) {
            super(builder);
        }

        @Override
        protected boolean isExplicitlyNonTransient(Throwable failure) {
            return !isConflict(failure);
        }
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The token store with a node id of its own for every running application (unless
     * {@code tally.node-id} names one): processors claim segments under it, so two nodes never
     * share a claim, not even two in one JVM (Axon's default id is the JVM's name).
     */
    @Bean
    TokenStore tokenStore(@Qualifier("serializer") Serializer serializer, EntityManagerProvider entityManagerProvider,
                          TokenStoreProperties properties, NodeId node) {
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(node.value())
                .build();
    }

    @Bean
    NodeId nodeId(@Value("${tally.node-id:}") String configured) {
        return new NodeId(configured.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8)
                : configured);
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // AggregateStreamCreationException: two commands created the same aggregate (a payment's
            // id names its request); the loser, run again, finds the aggregate the winner created
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
            // the aggregate's lock was not to be had without a deadlock (a processor's batch holds the
            // locks of the aggregates its commands touched until it commits): nothing ran, and the
            // command runs again once the other side let go. LoadAndConflictsIT found a refund's
            // credit lost to it: neither credited nor failed.
            if (cause instanceof DeadlockException) {
                return true;
            }
        }
        return false;
    }
}
