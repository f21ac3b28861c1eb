package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tally.support.ApiRequests;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Account snapshots (every 3 events here): the aggregate loads from a snapshot of its current
 * revision, and a snapshot of another revision (an older format) is ignored, never misread: the
 * account is rebuilt from its events and a new snapshot is taken.
 */
class AccountSnapshotIT {

    // no account cache: every command loads the account from the store, so a changed snapshot shows
    private final StandaloneApp tally = new StandaloneApp("tally.snapshots.account.every=3",
            "tally.accounts.cache-size=0");

    private static String deposit(RestTestClient alice, String accountId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = StandaloneApp.post(alice, "/api/accounts/" + accountId + "/deposits",
                        "{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) answer.get("balance");
    }

    private static Map<String, Object> snapshot(JdbcTemplate jdbc, String accountId) {
        return jdbc.queryForMap("select sequence_number, payload_revision, payload from snapshot_event_entry"
                + " where aggregate_identifier = ?", accountId);
    }

    private static String payload(Map<String, Object> snapshot) {
        return new String((byte[]) snapshot.get("payload"), StandardCharsets.UTF_8);
    }

    @Test
    void a_snapshot_of_the_current_revision_is_used_and_one_of_another_revision_is_ignored_and_rebuilt() {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> opened = StandaloneApp.post(alice, "/api/accounts",
                            "{\"holderName\": \"Alice\", \"currency\": \"EUR\"}")
                    .expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody();
            String accountId = (String) opened.get("accountId");
            for (int i = 0; i < 4; i++) {
                deposit(alice, accountId);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry"
                            + " where aggregate_identifier = ?", Integer.class, accountId)).isEqualTo(1));
            Map<String, Object> taken = snapshot(jdbc, accountId);
            assertThat(taken.get("payload_revision")).isEqualTo("2");
            assertThat(payload(taken)).contains("\"balance\":{\"amount\":");

            // a snapshot of the current revision is trusted: a forged balance in it shows
            String forged = payload(taken).replaceFirst("\"balance\":\\{\"amount\":[0-9.]+",
                    "\"balance\":{\"amount\":1000.00");
            jdbc.update("update snapshot_event_entry set payload = ? where aggregate_identifier = ?",
                    forged.getBytes(StandardCharsets.UTF_8), accountId);
            assertThat(Double.parseDouble(deposit(alice, accountId))).isGreaterThan(1000);

            // the same snapshot claiming another revision is ignored: the events decide
            jdbc.update("update snapshot_event_entry set payload_revision = '0' where aggregate_identifier = ?",
                    accountId);
            assertThat(deposit(alice, accountId)).isEqualTo("6.00");

            // ...and loading all events again took a fresh snapshot of the current revision
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> rebuilt = snapshot(jdbc, accountId);
                assertThat(rebuilt.get("payload_revision")).isEqualTo("2");
                assertThat(payload(rebuilt)).doesNotContain("1000.00");
            });
            assertThat(deposit(alice, accountId)).isEqualTo("7.00");
        }
    }

    /**
     * A snapshot is taken off the command's thread. Taken on it (Axon's default), it needed a second
     * connection while the account's lock was held, and the other clients of the account held the
     * pool waiting for that lock: each snapshot stopped them all until the pool's timeout, and
     * clients failed. Here a pool of 3 with a 2 s timeout, a snapshot every 2 events, 8 clients.
     */
    @Test
    void snapshots_of_a_busy_account_hold_none_of_its_clients_up() throws Exception {
        try (ConfigurableApplicationContext app = new StandaloneApp("tally.snapshots.account.every=2",
                "tally.accounts.cache-size=0", "spring.datasource.hikari.maximum-pool-size=3",
                "spring.datasource.hikari.connection-timeout=2000").start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String token = ApiRequests.token(http, base, "alice", "alice-pw");
            String accountId = StandaloneApp.openAccount(StandaloneApp.alice(app));
            int clients = 8;
            int each = 15;
            ExecutorService threads = Executors.newFixedThreadPool(clients);
            List<Future<List<Integer>>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                answers.add(threads.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        statuses.add(http.send(ApiRequests.withToken(base + "/api/accounts/" + accountId + "/deposits",
                                token, "POST", "{\"amount\": \"1.00\", \"currency\": \"EUR\"}", null).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                    return statuses;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> answer : answers) {
                statuses.addAll(answer.get(120, TimeUnit.SECONDS));
            }
            threads.shutdown();

            assertThat(statuses).hasSize(clients * each).containsOnly(200);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                    + " and payload_type like '%MoneyDeposited'", Integer.class, accountId)).isEqualTo(clients * each);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry"
                            + " where aggregate_identifier = ?", Integer.class, accountId)).isEqualTo(1));
            assertThat(deposit(StandaloneApp.alice(app), accountId)).isEqualTo("%d.00".formatted(clients * each + 1));
        }
    }
}
