package dev.tally.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An append in a transaction of its own (as a command's unit of work appends) that holds its global
 * index, inserted but not committed, until told to commit: the gap a slow transaction leaves.
 */
public final class HeldAppend {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Long> index = new CompletableFuture<>();
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();

    private HeldAppend() {
    }

    public static HeldAppend start(ConfigurableApplicationContext app, GenericDomainEventMessage<?> event)
            throws Exception {
        HeldAppend held = new HeldAppend();
        TransactionTemplate inTransaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        Thread thread = new Thread(() -> {
            try {
                inTransaction.executeWithoutResult(status -> {
                    app.getBean(EventStore.class).publish(event);
                    // flushes the append; the transaction sees its own row and so its index
                    held.index.complete(jdbc.queryForObject("select max(global_index) from domain_event_entry",
                            Long.class));
                    try {
                        held.release.await();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                });
                held.done.complete(true);
            } catch (RuntimeException failed) {
                held.index.completeExceptionally(failed);
                held.done.complete(false);
            }
        }, "held-append");
        thread.start();
        held.index.get(10, TimeUnit.SECONDS);
        return held;
    }

    public long index() {
        return index.join();
    }

    /** Lets the transaction commit; whether it did. */
    public boolean commit() throws Exception {
        release.countDown();
        return done.get(30, TimeUnit.SECONDS);
    }
}
