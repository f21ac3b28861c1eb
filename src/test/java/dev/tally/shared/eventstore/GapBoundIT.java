package dev.tally.shared.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.PostgresNode;
import dev.tally.support.StandaloneApp;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An append that holds its global index while its transaction sits open longer than PostgreSQL
 * allows (the postgres profile: 30 s; here 1 s) fails at its commit instead of committing after the
 * processors gave up on its index: never a silent skip, and nothing acknowledged that is not stored.
 */
class GapBoundIT {

    @Test
    void a_transaction_left_open_too_long_fails_and_stores_nothing() {
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext node = PostgresNode.start(database,
                "--spring.datasource.hikari.connection-init-sql=SET idle_in_transaction_session_timeout = '1s'")) {
            String account = StandaloneApp.openAccount(StandaloneApp.alice(node));
            EventStore events = node.getBean(EventStore.class);
            TransactionTemplate inTransaction = new TransactionTemplate(node.getBean(PlatformTransactionManager.class));
            JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);

            assertThatThrownBy(() -> inTransaction.executeWithoutResult(status -> {
                events.publish(new GenericDomainEventMessage<>("Account", account, 1,
                        new MoneyDeposited(account, new BigDecimal("7.00"), "EUR", "late", "API"),
                        MetaData.with(TallyMetaData.USERNAME, "someone")));
                // the append's insert has run and holds its index; the transaction now waits too long
                jdbc.execute("select 1"); // flushes the append
                sleep(2_500);
            })).isInstanceOf(RuntimeException.class);

            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                    Integer.class, account)).isEqualTo(1);
            // and the pool hands out working connections afterwards
            StandaloneApp.openAccount(StandaloneApp.alice(node));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
