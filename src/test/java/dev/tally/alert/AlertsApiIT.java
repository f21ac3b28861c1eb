package dev.tally.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.alert.api.AlertRaised;
import dev.tally.support.ApiTest;
import dev.tally.support.EventStreamClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Alerts through HTTP: outflows above the threshold within a minute raise one alert, which its
 * owner and admins see at {@code GET /api/alerts} and nobody else; a replay of the {@code alerts}
 * processor raises no alert again.
 */
class AlertsApiIT extends ApiTest {

    @Autowired
    private JdbcTemplate jdbc;

    private String accountWithOutflowsAbove10000() {
        String accountId = (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Alice", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "30000.00", "currency": "EUR"}""").expectStatus().isOk();
        post(alice(), "/api/accounts/" + accountId + "/withdrawals", """
                {"amount": "6000.00", "currency": "EUR"}""").expectStatus().isOk();
        post(alice(), "/api/accounts/" + accountId + "/withdrawals", """
                {"amount": "5000.00", "currency": "EUR"}""").expectStatus().isOk();
        // still above the threshold: the same episode, no second alert
        post(alice(), "/api/accounts/" + accountId + "/withdrawals", """
                {"amount": "1.00", "currency": "EUR"}""").expectStatus().isOk();
        return accountId;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertsOn(RestTestClient client, String accountId) {
        Map<String, Object> page = body(client.get().uri("/api/alerts?size=100").exchange().expectStatus().isOk());
        return ((List<Map<String, Object>>) page.get("content")).stream()
                .filter(alert -> accountId.equals(alert.get("accountId"))).toList();
    }

    private int alertsRaisedOn(String accountId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?"
                + " and aggregate_identifier in (select alert_id from alert_summary where account_id = ?)",
                Integer.class, AlertRaised.class.getName(), accountId);
    }

    private int alertsRaised() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Integer.class,
                AlertRaised.class.getName());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> alertsProcessor() {
        List<Map<String, Object>> all = admin().get().uri("/api/admin/processors").exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        return all.stream().filter(view -> RaisingAlerts.PROCESSING_GROUP.equals(view.get("name"))).findFirst()
                .orElseThrow();
    }

    @Test
    void a_large_outflow_raises_one_alert_which_the_owner_and_admins_see_and_another_customer_does_not() {
        String accountId = accountWithOutflowsAbove10000();

        eventually(() -> assertThat(alertsOn(alice(), accountId)).singleElement().satisfies(alert -> {
            assertThat(alert).containsEntry("rule", "large-outflow")
                    .containsEntry("value", "11000.00")
                    .containsEntry("threshold", "10000.00")
                    .containsEntry("currency", "EUR")
                    .containsKeys("alertId", "detectedAt", "windowStart", "windowEnd");
            assertThat(alert.get("windowEnd")).isEqualTo(alert.get("detectedAt"));
        }));
        assertThat(alertsRaisedOn(accountId)).isEqualTo(1);
        assertThat(alertsOn(bob(), accountId)).isEmpty();
        assertThat(alertsOn(admin(), accountId)).hasSize(1);
    }

    @Test
    void the_alert_is_on_the_owners_event_feed_and_not_on_another_customers() throws Exception {
        String bobs = (String) body(post(bob(), "/api/accounts", """
                {"holderName": "Bob", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        String feed = baseUrl() + "/api/events/stream?types=AlertRaised,MoneyDeposited";
        try (EventStreamClient alices = EventStreamClient.open(feed, "alice", "alice-pw");
             EventStreamClient bobsFeed = EventStreamClient.open(feed, "bob", "bob-pw")) {
            String accountId = accountWithOutflowsAbove10000();

            String alert = alices.next("\"type\":\"AlertRaised\"");
            assertThat(alert).contains(accountId).contains("\"rule\":\"large-outflow\"")
                    .contains("\"username\":\"" + subjectOf("alice") + "\"");
            // bob's next event after the alert was stored: the feed is in the store's order, so an alert
            // shown to him would have come first
            post(bob(), "/api/accounts/" + bobs + "/deposits", """
                    {"amount": "1.00", "currency": "EUR"}""").expectStatus().isOk();
            assertThat(bobsFeed.next("\"type\"")).contains("MoneyDeposited").contains(bobs);
        }
    }

    @Test
    void alerts_are_newest_first_and_paged() {
        accountWithOutflowsAbove10000();
        String later = accountWithOutflowsAbove10000();
        eventually(() -> assertThat(alertsOn(alice(), later)).hasSize(1));

        Map<String, Object> firstPage = body(alice().get().uri("/api/alerts?page=0&size=1").exchange()
                .expectStatus().isOk());
        assertThat((List<?>) firstPage.get("content")).singleElement()
                .satisfies(alert -> assertThat(((Map<?, ?>) alert).get("accountId")).isEqualTo(later));
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) firstPage.get("page");
        assertThat(page).containsEntry("size", 1).containsEntry("number", 0);
        assertThat(((Number) page.get("totalElements")).intValue())
                .isGreaterThanOrEqualTo(2);
        expectProblem(alice().get().uri("/api/alerts?size=0").exchange(), 400);
    }

    @Test
    void a_replay_of_the_alerts_processor_raises_no_alert_again() {
        String accountId = accountWithOutflowsAbove10000();
        eventually(() -> assertThat(alertsOn(alice(), accountId)).hasSize(1));
        // every alert the shared context's events give is raised before counting them
        eventually(() -> assertThat(alertsProcessor()).containsEntry("lag", 0));
        int before = alertsRaised();
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);

        post(admin(), "/api/admin/processors/alerts/replay", "").expectStatus().isAccepted();

        // really replayed: its tokens were reset (replay tokens), and it came back past everything stored
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(jdbc.queryForList("select token_type from token_entry where processor_name = 'alerts'",
                        String.class)).isNotEmpty().allMatch(type -> type.endsWith("ReplayToken")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select processor_name from processor_replay where processor_name = 'alerts'")).isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertsProcessor())
                .containsEntry("replaying", false)
                .satisfies(view -> assertThat(((Number) view.get("position")).longValue()).isGreaterThanOrEqualTo(head)));
        // the windows were rebuilt from the events, and found the same episode again
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from alert_window where account_id = ? and in_excess", Integer.class, accountId))
                .isEqualTo(1));

        assertThat(alertsRaised()).isEqualTo(before);
        assertThat(alertsOn(alice(), accountId)).hasSize(1);
    }
}
