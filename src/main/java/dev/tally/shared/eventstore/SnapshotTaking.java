package dev.tally.shared.eventstore;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;

/**
 * Snapshots are taken on a thread of their own, not on the command's. Axon's default snapshotter
 * takes a snapshot in the command's thread after its commit, while the aggregate's lock is still
 * held, in a new transaction: on a busy account, every other command of it waited for the lock
 * while holding a database connection, and once they held the whole pool the snapshot could not get
 * one. 32 clients on one account stopped for Hikari's 30 s every 100 events (benchmarks.md,
 * figure 1, "one hot account"). A snapshot is an optimisation: when more are due than the queue
 * holds, the newest wait for the aggregate's next trigger.
 */
@org.springframework.context.annotation.Configuration
class SnapshotTaking implements DisposableBean {

    // not a bean: an Executor bean would replace Spring Boot's task executor (MVC's async requests)
    private final ExecutorService snapshotTaker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), task -> {
                Thread thread = new Thread(task, "snapshot-taker");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    /** Axon's snapshotter as its Spring Boot configuration makes it, with the executor above. */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotTaker)
                .build();
    }

    @Override
    public void destroy() throws InterruptedException {
        snapshotTaker.shutdown();
        snapshotTaker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
