package dev.tally.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.EventStreamClient;
import dev.tally.support.PostgresNode;
import dev.tally.support.StandaloneApp;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several application nodes on one PostgreSQL event store (two Spring contexts in this JVM, each
 * with its own web server, connection pool, processors and token-claim node id). A counting read
 * model checks that each event is handled once per processor, over both nodes.
 */
class SeveralNodesIT {

    private static ConfigurableApplicationContext node(String databaseUrl) {
        return PostgresNode.start(databaseUrl,
                "--tally.test.counting-read-model=true",
                "--tally.processors.balance-interval=1s",
                "--axon.eventhandling.processors.account-summary.token-claim-interval=1000",
                "--axon.eventhandling.processors." + CountingReadModel.NAME + ".mode=pooled",
                "--axon.eventhandling.processors." + CountingReadModel.NAME + ".initial-segment-count=4");
    }

    private static void eachDepositHandledOnce(JdbcTemplate jdbc) {
        List<String> deposits = jdbc.queryForList("select event_identifier from domain_event_entry"
                + " where payload_type = ?", String.class, MoneyDeposited.class.getName());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(CountingReadModel.HANDLED).containsKeys(deposits.toArray(String[]::new));
            assertThat(CountingReadModel.HANDLED.values()).containsOnly(1);
        });
    }


    /** One processor as a node's admin API lists it, without its node-local error flag. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> processor(ConfigurableApplicationContext node, String name) {
        List<Map<String, Object>> all = StandaloneApp.as(node, "admin", "admin-pw").get().uri("/api/admin/processors")
                .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        Map<String, Object> processor = new java.util.HashMap<>(all.stream()
                .filter(view -> name.equals(view.get("name"))).findFirst().orElseThrow());
        processor.remove("error");
        return processor;
    }

    private static int deposit(RestTestClient alice, String accountId) {
        return StandaloneApp.post(alice, "/api/accounts/" + accountId + "/deposits",
                        "{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                .returnResult().getStatus().value();
    }

    @Test
    void deposits_to_one_account_through_two_nodes_at_once_are_kept_each_once_and_a_stopped_node_hands_over()
            throws Exception {
        CountingReadModel.HANDLED.clear();
        String database = EmbeddedPostgresDatabases.newDatabase();
        ConfigurableApplicationContext first = node(database);
        try (ConfigurableApplicationContext second = node(database)) {
            RestTestClient viaFirst = StandaloneApp.alice(first);
            RestTestClient viaSecond = StandaloneApp.alice(second);
            String accountId = StandaloneApp.openAccount(viaFirst);

            int perNode = 25;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Integer>> answers = new ArrayList<>();
            for (RestTestClient node : List.of(viaFirst, viaSecond, viaFirst, viaSecond)) {
                for (int i = 0; i < perNode / 2 + 1; i++) {
                    answers.add(clients.submit(() -> {
                        start.await();
                        return deposit(node, accountId);
                    }));
                }
            }
            start.countDown();
            int acknowledged = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                // 409 only when a deposit lost the race more often than it may retry: then nothing was stored
                assertThat(status).isIn(200, 409);
                acknowledged += status == 200 ? 1 : 0;
            }
            clients.shutdown();
            assertThat(acknowledged).as("conflicts are retried").isGreaterThanOrEqualTo(answers.size() * 9 / 10);

            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            eachDepositHandledOnce(jdbc);
            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                    Integer.class, accountId)).isEqualTo(acknowledged + 1);
            String balance = new BigDecimal(acknowledged).setScale(2).toPlainString();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> viaSecond.get()
                    .uri("/api/accounts/{id}", accountId).exchange()
                    .expectBody().jsonPath("$.balance").isEqualTo(balance));

            // the two nodes share the processor's four segments, two each
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select owner, count(*) as segments from token_entry where processor_name = ? group by owner",
                    "account-summary"))
                    .hasSize(2)
                    .allSatisfy(owner -> assertThat(((Number) owner.get("segments")).intValue()).isEqualTo(2)));
            // and both answer the same about it: from the shared token store, not their own claims
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Object> seenByFirst = processor(first, "account-summary");
                Map<String, Object> seenBySecond = processor(second, "account-summary");
                assertThat(seenByFirst.get("running")).isEqualTo(true);
                assertThat(seenByFirst.get("lag")).isEqualTo(0);
                assertThat(seenByFirst.get("lagSeconds")).isEqualTo(0);
                assertThat(seenByFirst.get("segments")).isEqualTo(4);
                assertThat((List<?>) seenByFirst.get("nodes")).hasSize(2).allSatisfy(node ->
                        assertThat(((Map<?, ?>) node).get("segments")).isEqualTo(2));
                assertThat(seenBySecond).isEqualTo(seenByFirst);
            });

            // one node goes; the other claims the processors' segments and keeps the read model going
            first.close();
            assertThat(deposit(viaSecond, accountId)).isEqualTo(200);
            String after = new BigDecimal(acknowledged + 1).setScale(2).toPlainString();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> viaSecond.get()
                    .uri("/api/accounts/{id}", accountId).exchange()
                    .expectBody().jsonPath("$.balance").isEqualTo(after));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select distinct owner from token_entry where processor_name = ?", String.class, "account-summary"))
                    .hasSize(1).doesNotContainNull());
            eachDepositHandledOnce(jdbc);
        } finally {
            first.close();
        }
    }

    @Test
    void an_event_committed_late_by_a_long_transaction_is_not_skipped() throws Exception {
        try (ConfigurableApplicationContext node = node(EmbeddedPostgresDatabases.newDatabase())) {
            RestTestClient alice = StandaloneApp.alice(node);
            String slow = StandaloneApp.openAccount(alice);
            String fast = StandaloneApp.openAccount(alice);
            EventStore eventStore = node.getBean(EventStore.class);
            TransactionTemplate inTransaction = new TransactionTemplate(node.getBean(PlatformTransactionManager.class));

            // a deposit whose transaction takes its global index now but commits only later
            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService slowWriter = Executors.newSingleThreadExecutor();
            Future<?> slowCommit = slowWriter.submit(() -> inTransaction.executeWithoutResult(status -> {
                eventStore.publish(new GenericDomainEventMessage<>("Account", slow, 1,
                        new MoneyDeposited(slow, new BigDecimal("7.00"), "EUR", "slow", "API"),
                        MetaData.with(TallyMetaData.USERNAME, "alice")));
                appended.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
            }));
            assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();

            // meanwhile later events commit and are processed past the open one
            assertThat(deposit(alice, fast)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alice.get()
                    .uri("/api/accounts/{id}", fast).exchange()
                    .expectBody().jsonPath("$.balance").isEqualTo("1.00"));

            release.countDown();
            slowCommit.get();
            slowWriter.shutdown();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alice.get()
                    .uri("/api/accounts/{id}", slow).exchange()
                    .expectBody().jsonPath("$.balance").isEqualTo("7.00"));
        }
    }

    @Test
    void a_replay_asked_of_one_node_while_the_other_holds_segments_rebuilds_and_both_go_on() {
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext first = node(database);
             ConfigurableApplicationContext second = node(database)) {
            RestTestClient alice = StandaloneApp.alice(first);
            String accountId = StandaloneApp.openAccount(alice);
            for (int i = 0; i < 3; i++) {
                assertThat(deposit(alice, accountId)).isEqualTo(200);
            }
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select distinct owner from token_entry where processor_name = 'account-summary'", String.class))
                    .hasSize(2).doesNotContainNull());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alice.get().uri("/api/accounts/{id}", accountId)
                    .exchange().expectBody().jsonPath("$.balance").isEqualTo("3.00"));
            List<Map<String, Object>> before = jdbc.queryForList("select * from account_summary order by account_id");
            // a row the events do not say: only a rebuild from the events puts it right
            jdbc.update("update account_summary set holder_name = 'Not from the events'");

            RestTestClient admin = StandaloneApp.as(first, "admin", "admin-pw");
            admin.post().uri("/api/admin/processors/account-summary/replay").exchange().expectStatus().isAccepted();
            // a second one while the first is under way is refused
            StandaloneApp.as(second, "admin", "admin-pw").post()
                    .uri("/api/admin/processors/account-summary/replay").exchange().expectStatus().isEqualTo(409);

            // while it rebuilds, both nodes answer from the old read model: the account is always there
            RestTestClient aliceOnSecond = StandaloneApp.alice(second);
            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (RestTestClient node : List.of(alice, aliceOnSecond)) {
                    statuses.add(node.get().uri("/api/accounts/{id}", accountId).exchange()
                            .returnResult(String.class).getStatus().value());
                }
                assertThat(jdbc.queryForObject("select count(*) from processor_replay", Integer.class)).isZero();
            });
            assertThat(statuses).hasSizeGreaterThan(2).containsOnly(200);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(jdbc.queryForObject("select count(*) from processor_replay", Integer.class)).isZero();
                Map<String, Object> processor = processor(second, "account-summary");
                assertThat(processor.get("replaying")).isEqualTo(false);
                assertThat(processor.get("lag")).isEqualTo(0);
                assertThat(first.getBean(EventProcessingConfiguration.class)
                        .eventProcessor("account-summary", StreamingEventProcessor.class).orElseThrow().isRunning()).isTrue();
                assertThat(second.getBean(EventProcessingConfiguration.class)
                        .eventProcessor("account-summary", StreamingEventProcessor.class).orElseThrow().isRunning()).isTrue();
                assertThat(jdbc.queryForList("select * from account_summary order by account_id")).isEqualTo(before);
            });
            // both nodes share the segments again, and the rebuilt read model goes on
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select distinct owner from token_entry where processor_name = 'account-summary'", String.class))
                    .hasSize(2).doesNotContainNull());
            assertThat(deposit(StandaloneApp.alice(second), accountId)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alice.get().uri("/api/accounts/{id}", accountId)
                    .exchange().expectBody().jsonPath("$.balance").isEqualTo("4.00"));
        }
    }

    @Test
    void a_client_following_an_account_on_one_node_gets_the_changes_another_node_projected() throws Exception {
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext first = node(database);
             ConfigurableApplicationContext second = node(database)) {
            // the second node projects nothing: the first holds every account-summary segment
            second.getBean(EventProcessingConfiguration.class)
                    .eventProcessor("account-summary", StreamingEventProcessor.class).orElseThrow().shutDown();
            RestTestClient alice = StandaloneApp.alice(first);
            String accountId = StandaloneApp.openAccount(alice);
            String viaSecond = "http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> alice.get().uri("/api/accounts/{id}", accountId)
                    .exchange().expectStatus().isOk());
            try (EventStreamClient updates = EventStreamClient.open(
                    viaSecond + "/api/accounts/" + accountId + "/updates", "alice", "alice-pw")) {
                assertThat(updates.status()).isEqualTo(200);
                updates.next("\"balance\":\"0.00\"");
                assertThat(deposit(alice, accountId)).isEqualTo(200);
                assertThat(updates.next("\"balance\":\"1.00\"")).contains("\"version\":1");
            }
        }
    }
}
