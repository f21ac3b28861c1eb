package dev.tally.shared.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * An event store (H2, or PostgreSQL in the postgres run) holding every event type as first stored (revision 1, checked in before any
 * event changed) still works with today's code: aggregates load and take new commands, temporal
 * queries answer, and every read model is rebuilt from those events by its processor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevisionOneEventsIT {

    private static final StoredEventFixtures STORED = StoredEventFixtures.load("/event-fixtures/revision-1.json");

    private final StandaloneApp tally = new StandaloneApp();
    private ConfigurableApplicationContext app;
    private RestTestClient alice;
    private RestTestClient admin;

    @BeforeAll
    void startOnTheStoredEvents() {
        STORED.writeTo(tally.jdbcUrl());
        app = tally.start();
        alice = StandaloneApp.alice(app);
        admin = StandaloneApp.as(app, "admin", "admin-pw");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private String id(String name) {
        return STORED.ids().get(name);
    }

    private void eventually(String uri, String jsonPath, Object expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alice.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath(jsonPath).isEqualTo(expected));
    }

    @Test
    void the_account_read_model_is_rebuilt_from_the_stored_events() {
        eventually("/api/accounts/" + id("account"), "$.version", 8);
        alice.get().uri("/api/accounts/{id}", id("account")).exchange()
                .expectBody()
                .jsonPath("$.balance").isEqualTo("144.25")
                .jsonPath("$.overdraftLimit").isEqualTo("50.00")
                .jsonPath("$.holderName").isEqualTo("Alice Liddell");
        eventually("/api/accounts/" + id("closedAccount"), "$.status", "CLOSED");
    }

    @Test
    void temporal_queries_read_the_stored_events() {
        alice.get().uri("/api/accounts/{id}/history?atVersion=3", id("account")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.balance").isEqualTo("180.25")
                .jsonPath("$.version").isEqualTo(3);
    }

    @Test
    void the_account_aggregate_loads_from_the_stored_events_and_takes_new_commands() {
        StandaloneApp.post(alice, "/api/accounts/" + id("account") + "/withdrawals",
                        "{\"amount\": \"0.25\", \"currency\": \"EUR\", \"reference\": \"after the upgrade\"}")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(9)
                .jsonPath("$.balance").isEqualTo("144.00");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = alice.get().uri("/api/accounts/{id}/events", id("account")).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(events).hasSize(10);
        // the audit trail shows each event as stored: the old ones still at revision 1
        assertThat(events.subList(0, 9)).extracting(event -> event.get("revision")).containsOnly("1");
        assertThat(events.get(9)).containsEntry("type", "MoneyWithdrawn").containsEntry("revision", "2");
        assertThat(events.get(9).get("payload").toString()).contains("description=after the upgrade");
    }

    @Test
    void orders_and_payments_are_rebuilt_from_the_stored_events() {
        eventually("/api/orders/" + id("cancelledOrder"), "$.status", "CANCELLED");
        eventually("/api/orders/" + id("shippedOrder"), "$.status", "SHIPPED");
        eventually("/api/orders/" + id("failedOrder"), "$.status", "PAYMENT_FAILED");
        eventually("/api/orders/" + id("abandonedCart"), "$.total", "12.00");
        eventually("/api/payments/" + id("payment"), "$.status", "PARTIALLY_REFUNDED");
        alice.get().uri("/api/payments/{id}", id("payment")).exchange()
                .expectBody().jsonPath("$.refunded").isEqualTo("4.00");
    }

    @Test
    void the_analytics_are_rebuilt_from_the_stored_events() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin.get().uri("/api/analytics/look-to-book")
                .exchange()
                .expectBody()
                .jsonPath("$[?(@.productId == 'book-42')].views").isEqualTo(List.of(2))
                .jsonPath("$[?(@.productId == 'book-42')].unitsSold").isEqualTo(List.of(0)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin.get().uri("/api/analytics/abandoned-carts")
                .exchange()
                .expectBody()
                .jsonPath("$[0].orderId").isEqualTo(id("abandonedCart"))
                .jsonPath("$[0].value").isEqualTo("12.00"));
    }
}
