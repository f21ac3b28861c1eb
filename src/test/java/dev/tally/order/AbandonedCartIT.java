package dev.tally.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.Replay;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The abandoned-cart deadline on the real deadline manager (db-scheduler on the application's
 * database), with the abandonment time cut to seconds: it fires, and it survives a restart.
 */
class AbandonedCartIT {

    private static final Duration ABANDON_AFTER = Duration.ofSeconds(3);

    private final StandaloneApp tally = new StandaloneApp(
            "tally.orders.abandoned-cart.after=" + ABANDON_AFTER.toMillis() + "ms",
            "db-scheduler.polling-interval=200ms");

    @SuppressWarnings("unchecked")
    private static String cartWithItems(RestTestClient alice, String... products) {
        Map<String, Object> created = StandaloneApp.post(alice, "/api/orders", "{\"currency\": \"EUR\"}")
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String orderId = (String) created.get("orderId");
        for (String product : products) {
            StandaloneApp.post(alice, "/api/orders/" + orderId + "/items",
                    "{\"productId\": \"" + product + "\", \"quantity\": 1, \"unitPrice\": \"2.50\"}")
                    .expectStatus().isOk();
        }
        return orderId;
    }

    @SuppressWarnings("unchecked")
    private static List<String> eventTypes(RestTestClient alice, String orderId) {
        List<Map<String, Object>> events = alice.get().uri("/api/orders/{id}/events", orderId).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        return events.stream().map(event -> (String) event.get("type")).toList();
    }

    @Test
    void a_cart_left_alone_is_abandoned_once_with_its_value() {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            String orderId = cartWithItems(alice, "book", "pen");
            String emptied = cartWithItems(alice, "cup");
            alice.delete().uri("/api/orders/{id}/items/cup", emptied).exchange().expectStatus().isOk();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(eventTypes(alice, orderId)).endsWith("CartAbandoned"));
            // a second deadline (of the first change) must not fire as well: wait longer than it would take
            await().pollDelay(ABANDON_AFTER).atMost(ABANDON_AFTER.multipliedBy(2)).untilAsserted(() ->
                    assertThat(eventTypes(alice, orderId))
                            .containsExactly("CartCreated", "ItemAdded", "ItemAdded", "CartAbandoned"));
            alice.get().uri("/api/orders/{id}?minVersion=3", orderId).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("CART");
            assertThat(eventTypes(alice, emptied)).doesNotContain("CartAbandoned");
        }
    }

    @Test
    void the_abandoned_carts_read_model_lists_it_until_it_changes_and_replays_to_the_same_rows() {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            RestTestClient admin = StandaloneApp.as(app, "admin", "admin-pw");
            String orderId = cartWithItems(alice, "book", "pen");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(abandonedCarts(admin))
                    .singleElement()
                    .satisfies(cart -> assertThat(cart)
                            .containsEntry("orderId", orderId)
                            .containsEntry("value", "5.00")
                            .containsEntry("currency", "EUR")
                            .containsKey("abandonedAt")));

            Replay.of(app, "abandoned-carts")
                    .givesTheSameRows(() -> abandonedCarts(admin));

            StandaloneApp.post(alice, "/api/orders/" + orderId + "/items",
                    "{\"productId\": \"cup\", \"quantity\": 1, \"unitPrice\": \"2.50\"}").expectStatus().isOk();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(abandonedCarts(admin)).isEmpty());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> abandonedCarts(RestTestClient admin) {
        return admin.get().uri("/api/analytics/abandoned-carts").exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    @Test
    void a_deadline_scheduled_before_a_restart_fires_after_it() {
        String orderId;
        try (ConfigurableApplicationContext app = tally.start()) {
            orderId = cartWithItems(StandaloneApp.alice(app), "book");
        }
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(eventTypes(alice, orderId)).containsExactly("CartCreated", "ItemAdded", "CartAbandoned"));
        }
    }
}
