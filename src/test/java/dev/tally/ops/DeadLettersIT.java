package dev.tally.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A read model that fails on one event parks it, and the later events of the same account behind
 * it, in its dead-letter queue; other accounts keep flowing; a retry after the fix handles the
 * parked events in order.
 */
class DeadLettersIT {

    private final StandaloneApp tally = new StandaloneApp("tally.test.flaky-read-model=true",
            "axon.eventhandling.processors." + FlakyReadModel.NAME + ".dlq.enabled=true");


    private static void deposit(RestTestClient alice, String accountId, String reference) {
        StandaloneApp.post(alice, "/api/accounts/" + accountId + "/deposits",
                "{\"amount\": \"1.00\", \"currency\": \"EUR\", \"reference\": \"" + reference + "\"}")
                .expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deadLetters(RestTestClient admin) {
        return admin.get().uri("/api/admin/dead-letters").exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    @Test
    void a_failing_event_is_parked_with_its_followers_and_retried_in_order() {
        FlakyReadModel.HEALED.set(false);
        FlakyReadModel.HANDLED.clear();
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            RestTestClient admin = StandaloneApp.as(app, "admin", "admin-pw");
            String sick = StandaloneApp.openAccount(alice);
            String healthy = StandaloneApp.openAccount(alice);
            deposit(alice, sick, "poison");
            deposit(alice, sick, "after the poison");
            deposit(alice, healthy, "fine");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(FlakyReadModel.HANDLED).containsExactly(healthy + ":fine");
                assertThat(deadLetters(admin)).hasSize(2);
            });
            List<Map<String, Object>> parked = deadLetters(admin);
            assertThat(parked).extracting(letter -> letter.get("processor")).containsOnly(FlakyReadModel.NAME);
            assertThat(parked).extracting(letter -> letter.get("aggregateId")).containsOnly(sick);
            assertThat(parked).extracting(letter -> letter.get("sequence")).containsExactly(0, 1);
            assertThat(parked.get(0)).containsEntry("eventType", "MoneyDeposited")
                    .containsEntry("errorType", IllegalStateException.class.getName())
                    .containsEntry("errorMessage", "cannot digest this deposit");
            // the real read model is another processor and was not held up
            alice.get().uri("/api/accounts/{id}?minVersion=2", sick).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.balance").isEqualTo("2.00");

            // retried while still failing: it stays parked
            StandaloneApp.post(admin, "/api/admin/dead-letters/" + FlakyReadModel.NAME + "/retry", "")
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.sequencesProcessed").isEqualTo(0);
            assertThat(deadLetters(admin)).hasSize(2);

            FlakyReadModel.HEALED.set(true);
            StandaloneApp.post(admin, "/api/admin/dead-letters/" + FlakyReadModel.NAME + "/retry", "")
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.sequencesProcessed").isEqualTo(1);
            assertThat(deadLetters(admin)).isEmpty();
            assertThat(FlakyReadModel.HANDLED)
                    .containsExactly(healthy + ":fine", sick + ":poison", sick + ":after the poison");

            StandaloneApp.post(alice, "/api/admin/dead-letters/" + FlakyReadModel.NAME + "/retry", "")
                    .expectStatus().isForbidden();
        }
    }

    @Test
    void a_replay_rebuilds_beside_the_old_read_model_and_its_dead_letters_replace_the_old_ones() {
        FlakyReadModel.HEALED.set(false);
        FlakyReadModel.HANDLED.clear();
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            RestTestClient admin = StandaloneApp.as(app, "admin", "admin-pw");
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            String sick = StandaloneApp.openAccount(alice);
            String healthy = StandaloneApp.openAccount(alice);
            deposit(alice, sick, "poison");
            deposit(alice, sick, "after the poison");
            deposit(alice, healthy, "fine");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetters(admin)).hasSize(2));
            List<String> oldLetters = jdbc.queryForList("select dead_letter_id from dead_letter_entry", String.class);
            // a row the events do not say: only a rebuild from the events puts it right
            jdbc.update("insert into flaky_row (entry) values ('not from the events')");

            StandaloneApp.post(admin, "/api/admin/processors/" + FlakyReadModel.NAME + "/replay", "")
                    .expectStatus().isAccepted();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    jdbc.queryForObject("select count(*) from processor_replay", Integer.class)).isZero());

            // the rebuild met the poison again and parked it with its follower; the old letters are gone
            List<Map<String, Object>> parked = deadLetters(admin);
            assertThat(parked).extracting(letter -> letter.get("processor")).containsOnly(FlakyReadModel.NAME);
            assertThat(parked).extracting(letter -> letter.get("sequence")).containsExactly(0, 1);
            assertThat(jdbc.queryForList("select dead_letter_id from dead_letter_entry", String.class))
                    .hasSize(2).doesNotContainAnyElementsOf(oldLetters);
            assertThat(flakyRows(jdbc)).containsExactly(healthy + ":fine");

            // the letters now belong to the read model's own processor: healed, a retry handles them
            FlakyReadModel.HEALED.set(true);
            StandaloneApp.post(admin, "/api/admin/dead-letters/" + FlakyReadModel.NAME + "/retry", "")
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.sequencesProcessed").isEqualTo(1);
            assertThat(deadLetters(admin)).isEmpty();
            assertThat(flakyRows(jdbc)).containsExactlyInAnyOrder(healthy + ":fine", sick + ":poison",
                    sick + ":after the poison");
        }
    }

    private static List<String> flakyRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("select entry from flaky_row order by entry", String.class);
    }
}
