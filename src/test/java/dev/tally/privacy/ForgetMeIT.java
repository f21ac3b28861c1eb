package dev.tally.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.tally.support.StandaloneApp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crypto-shredding of the holder name, end to end: the event store never holds it in clear, and
 * after "forget me" it is unreadable everywhere (read model, temporal query, replay) while the
 * money and the history stay. On an application of its own, because it forgets a demo user.
 */
class ForgetMeIT {

    private static ConfigurableApplicationContext app;
    private static JdbcTemplate jdbc;
    private static RestTestClient alice;
    private static RestTestClient bob;
    private static RestTestClient admin;

    @BeforeAll
    static void start() {
        app = new StandaloneApp().start();
        jdbc = app.getBean(JdbcTemplate.class);
        alice = StandaloneApp.alice(app);
        bob = StandaloneApp.as(app, "bob", "bob-pw");
        admin = StandaloneApp.as(app, "admin", "admin-pw");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void forgetting_a_customer_makes_their_name_unreadable_everywhere_and_keeps_their_money() {
        String alices = open(alice, "Alice Liddell");
        post(alice, "/api/accounts/" + alices + "/deposits", "{\"amount\": \"100.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
        post(alice, "/api/accounts/" + alices + "/withdrawals", "{\"amount\": \"30.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
        String bobs = open(bob, "Bob Builder");

        assertThat(storedPayloads()).noneMatch(payload -> payload.contains("Alice Liddell") || payload.contains("Bob Builder"));
        eventually(() -> assertThat(account(alice, alices).get("holderName")).isEqualTo("Alice Liddell"));

        alice.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isForbidden();
        long events = count("select count(*) from domain_event_entry");
        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();

        eventually(() -> assertThat(account(alice, alices))
                .containsEntry("holderName", PersonalData.FORGOTTEN)
                .containsEntry("balance", "70.00")
                .containsEntry("version", 2));
        assertThat(history(alices, 1)).containsEntry("holderName", PersonalData.FORGOTTEN)
                .containsEntry("balance", "100.00");
        assertThat(account(bob, bobs).get("holderName")).isEqualTo("Bob Builder");
        // nothing was deleted from the event store; the forgetting is one more event
        assertThat(count("select count(*) from domain_event_entry where aggregate_identifier = '" + alices + "'"))
                .isEqualTo(3);
        assertThat(count("select count(*) from domain_event_entry")).isEqualTo(events + 1);

        // a new account after the forgetting is new data, under a new key
        String again = open(alice, "Alice Again");
        eventually(() -> assertThat(account(alice, again).get("holderName")).isEqualTo("Alice Again"));

        // a replay rebuilds the read model from the events alone: the name stays forgotten
        admin.post().uri("/api/admin/processors/account-summary/replay").exchange().expectStatus().isAccepted();
        eventually(() -> {
            assertThat(account(alice, alices)).containsEntry("holderName", PersonalData.FORGOTTEN)
                    .containsEntry("balance", "70.00");
            assertThat(account(alice, again).get("holderName")).isEqualTo("Alice Again");
            assertThat(account(bob, bobs).get("holderName")).isEqualTo("Bob Builder");
        });

        // forgetting twice is harmless
        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();
    }

    @Test
    void only_an_operator_may_forget_and_only_a_plausible_username() {
        bob.delete().uri("/api/admin/customers/bob/personal-data").exchange().expectStatus().isForbidden();
        StandaloneApp.as(app, "bob", "wrong").delete().uri("/api/admin/customers/bob/personal-data").exchange()
                .expectStatus().isUnauthorized();
        admin.delete().uri("/api/admin/customers/{name}/personal-data", "x".repeat(101)).exchange()
                .expectStatus().isBadRequest();
    }

    @SuppressWarnings("unchecked")
    private static String open(RestTestClient client, String holderName) {
        Map<String, Object> opened = post(client, "/api/accounts", """
                {"holderName": "%s", "currency": "EUR"}""".formatted(holderName))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) opened.get("accountId");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> account(RestTestClient client, String id) {
        return client.get().uri("/api/accounts/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> history(String id, int version) {
        return alice.get().uri("/api/accounts/{id}/history?atVersion={v}", id, version).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private static List<String> storedPayloads() {
        return jdbc.query("select payload from domain_event_entry",
                (row, index) -> new String(row.getBytes("payload"), StandardCharsets.UTF_8));
    }

    private static long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion::run);
    }
}
