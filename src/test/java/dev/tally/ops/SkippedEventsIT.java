package dev.tally.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.support.HeldAppend;
import dev.tally.support.StandaloneApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An append whose transaction stays open past the gap timeout (2 s here, 2 min by default): the event
 * is still handled while nothing after it is older than the gap timeout (Axon keeps the gap); and when
 * a processor does give the index up (an older event read after it, as a processor far behind or a
 * transaction open for longer than the bounds allow would make it) and the event commits afterwards,
 * the detector reports it: health, metric and log. Never a silent skip. On H2 and PostgreSQL.
 */
class SkippedEventsIT {

    private final StandaloneApp tally = new StandaloneApp("tally.event-store.gap-timeout=2s",
            "tally.event-store.skip-check=200ms");

    @Test
    void an_append_open_past_the_gap_timeout_is_still_handled() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            String late = StandaloneApp.openAccount(alice);
            String other = StandaloneApp.openAccount(alice);
            awaitBalance(alice, other, "0.00");
            HeldAppend held = HeldAppend.start(app, deposit(late, "7.00", 1, Instant.now()));

            // a later index commits and is handled while the first one is still open
            StandaloneApp.post(alice, "/api/accounts/" + other + "/deposits", "{\"amount\": \"5.00\", \"currency\": \"EUR\"}")
                    .expectStatus().isOk();
            awaitBalance(alice, other, "5.00");
            Thread.sleep(3_000); // past the gap timeout, the append still open
            boolean committed = held.commit();

            if (committed) {
                awaitBalance(alice, late, "7.00");
            } else {
                assertThat(countOf(app, late)).isEqualTo(1);
            }
            assertThat(app.getBean(SkippedEvents.class).byProcessor()).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_event_committed_after_its_index_was_given_up_is_reported() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            String late = StandaloneApp.openAccount(alice);
            String old = StandaloneApp.openAccount(alice);
            awaitBalance(alice, old, "0.00");
            HeldAppend held = HeldAppend.start(app, deposit(late, "7.00", 1, Instant.now()));

            // the next index holds an event older than the gap timeout: reading it, Axon gives the open one up
            TransactionTemplate inTransaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
            inTransaction.executeWithoutResult(status -> app.getBean(EventStore.class)
                    .publish(deposit(old, "5.00", 1, Instant.now().minusSeconds(60))));
            awaitBalance(alice, old, "5.00");
            SkippedEventDetector detector = app.getBean(SkippedEventDetector.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> detector.watchedByEverySegment("account-summary").contains(held.index()));
            assertThat(held.commit()).isTrue();

            RestTestClient admin = StandaloneApp.as(app, "admin", "admin-pw");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> health = admin.get().uri("/actuator/health").exchange()
                        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
                Map<String, Object> processing = (Map<String, Object>) ((Map<String, Object>) health.get("components"))
                        .get("eventProcessing");
                assertThat(health.get("status")).isEqualTo("UP"); // degraded, not down
                Map<String, Object> details = (Map<String, Object>) processing.get("details");
                List<Number> skipped = ((Map<String, List<Number>>) details.get("skippedEvents")).get("account-summary");
                assertThat(skipped).isNotNull();
                assertThat(skipped.stream().map(Number::longValue).toList()).containsExactly(held.index());
                assertThat((List<String>) details.get("degraded")).contains("account-summary");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> app.getBean(MeterRegistry.class)
                    .get("tally.events.skipped").tag("processor", "account-summary").gauge().value() == 1.0);
            // the skip is real: the read model never saw the deposit
            assertThat(balance(alice, late)).isEqualTo("0.00");
        }
    }

    private static GenericDomainEventMessage<MoneyDeposited> deposit(String account, String amount, long sequence,
                                                                     Instant at) {
        return new GenericDomainEventMessage<>("Account", account, sequence,
                new MoneyDeposited(account, new BigDecimal(amount), "EUR", "held", MoneyDeposited.API_CHANNEL),
                MetaData.with(TallyMetaData.USERNAME, "someone"), UUID.randomUUID().toString(), at);
    }

    private static int countOf(ConfigurableApplicationContext app, String account) {
        return app.getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Integer.class, account);
    }

    private static void awaitBalance(RestTestClient client, String account, String balance) {
        await().atMost(Duration.ofSeconds(15)).until(() -> balance.equals(balance(client, account)));
    }

    @SuppressWarnings("unchecked")
    private static String balance(RestTestClient client, String account) {
        Map<String, Object> body = client.get().uri("/api/accounts/" + account).exchange()
                .returnResult(Map.class).getResponseBody();
        return body == null || body.get("balance") == null ? null : body.get("balance").toString();
    }
}
