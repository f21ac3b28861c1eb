package dev.tally.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tally.alert.api.AlertRaised;
import dev.tally.ops.Processors;
import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.PostgresNode;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The {@code alerts} processor on two nodes of one PostgreSQL event store: each burst of large
 * withdrawals, sent through both nodes, raises one alert, while each node holds a segment of the
 * processor.
 */
class AlertsOnTwoNodesIT {

    private static ConfigurableApplicationContext node(String databaseUrl) {
        return PostgresNode.start(databaseUrl,
                "--tally.processors.balance-interval=1s",
                "--axon.eventhandling.processors.alerts.token-claim-interval=1000");
    }

    private static void withdraw(RestTestClient client, String accountId, String amount) {
        StandaloneApp.post(client, "/api/accounts/" + accountId + "/withdrawals",
                "{\"amount\": \"" + amount + "\", \"currency\": \"EUR\"}").expectStatus().isOk();
    }

    @Test
    void one_burst_through_two_nodes_raises_one_alert() {
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext first = node(database);
             ConfigurableApplicationContext second = node(database)) {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            // each node holds one of the processor's two segments
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select distinct owner from token_entry where processor_name = 'alerts' and owner is not null",
                    String.class)).hasSize(2));

            RestTestClient viaFirst = StandaloneApp.alice(first);
            RestTestClient viaSecond = StandaloneApp.alice(second);
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String accountId = StandaloneApp.openAccount(viaFirst);
                StandaloneApp.post(viaSecond, "/api/accounts/" + accountId + "/deposits",
                        "{\"amount\": \"50000.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
                accounts.add(accountId);
            }
            for (String accountId : accounts) {
                withdraw(viaFirst, accountId, "6000.00");
                withdraw(viaSecond, accountId, "5000.00");
                withdraw(viaFirst, accountId, "3000.00");
                withdraw(viaSecond, accountId, "2000.00");
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select account_id from alert_summary", String.class)).containsExactlyInAnyOrderElementsOf(accounts));
            // both nodes' segments have handled everything stored: no copy is still to come
            long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(first.getBean(
                    Processors.class).one("alerts").orElseThrow().position()).isGreaterThanOrEqualTo(head));
            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?",
                    Integer.class, AlertRaised.class.getName())).isEqualTo(accounts.size());
        }
    }
}
