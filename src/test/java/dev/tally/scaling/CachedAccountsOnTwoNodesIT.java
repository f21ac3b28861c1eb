package dev.tally.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.PostgresNode;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Two nodes on one PostgreSQL, each with its own account cache, and a client that makes one
 * request at a time, now through one node, now through the other. Each node's cached account is
 * behind the other node's writes: an append on it collides and must be retried, a rejection decided
 * on it (insufficient funds, a stale If-Match) must be decided again on the stored state. The
 * client never sees a conflict it did not cause, nor a refusal the stored balance does not justify.
 */
class CachedAccountsOnTwoNodesIT {

    private static ConfigurableApplicationContext node(String databaseUrl) {
        return PostgresNode.start(databaseUrl, "--tally.accounts.cache-size=1000");
    }

    private static RestTestClient.ResponseSpec move(RestTestClient node, String accountId, String kind, String amount,
                                                    Long ifMatch) {
        return node.post().uri("/api/accounts/{id}/" + kind, accountId)
                .headers(headers -> {
                    if (ifMatch != null) {
                        headers.setIfMatch("\"" + ifMatch + "\"");
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": \"" + amount + "\", \"currency\": \"EUR\"}")
                .exchange();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(RestTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void one_request_at_a_time_through_either_node_is_decided_on_the_stored_account() {
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext a = node(database); ConfigurableApplicationContext b = node(database)) {
            RestTestClient viaA = StandaloneApp.alice(a);
            RestTestClient viaB = StandaloneApp.alice(b);
            String accountId = StandaloneApp.openAccount(viaA);

            ok(move(viaA, accountId, "deposits", "100.00", null));        // A caches version 1
            ok(move(viaB, accountId, "withdrawals", "30.00", null));      // B appends version 2
            // A's cached account is at version 1: its append collides, and is retried on the stored one
            assertThat(ok(move(viaA, accountId, "deposits", "10.00", null)))
                    .containsEntry("version", 3).containsEntry("balance", "80.00");

            // B's cached account (version 2, 70.00) is behind A's deposits: funds B has not seen pay
            ok(move(viaA, accountId, "deposits", "500.00", null));        // version 4, 580.00
            assertThat(ok(move(viaB, accountId, "withdrawals", "550.00", null)))
                    .containsEntry("version", 5).containsEntry("balance", "30.00");

            // If-Match with the version the client just got from A is current, though B has not seen it
            Map<String, Object> deposited = ok(move(viaA, accountId, "deposits", "20.00", null));
            long version = ((Number) deposited.get("version")).longValue();
            ok(move(viaB, accountId, "withdrawals", "50.00", version));

            // a payment requested through B, debited on whichever node runs the payment process
            ok(move(viaA, accountId, "deposits", "200.00", null));
            Map<?, ?> payment = StandaloneApp.post(viaB.mutate()
                                    .defaultHeader("Idempotency-Key", "two-nodes-1").build(), "/api/payments",
                            "{\"accountId\": \"" + accountId + "\", \"amount\": \"190.00\", \"currency\": \"EUR\"}")
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> viaA.get()
                    .uri("/api/payments/{id}", payment.get("paymentId")).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("COMPLETED"));

            // money: 100 - 30 + 10 + 500 - 550 + 20 - 50 + 200 - 190
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> viaB.get()
                    .uri("/api/accounts/{id}", accountId).exchange()
                    .expectBody().jsonPath("$.balance").isEqualTo("10.00"));
        }
    }
}
