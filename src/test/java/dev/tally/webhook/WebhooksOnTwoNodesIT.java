package dev.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.PostgresNode;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Two nodes on one PostgreSQL database, an account written through both: each event reaches the
 * webhook once (the outbox records it once, and one node at a time runs the worker), in order,
 * retries included.
 */
class WebhooksOnTwoNodesIT {

    private static final String[] SETTINGS = {"--db-scheduler.polling-interval=100ms",
            "--tally.webhooks.poll-interval=100ms", "--tally.webhooks.allow-private-addresses=true",
            "--tally.webhooks.first-retry=300ms", "--tally.webhooks.give-up-after=1m"};

    @Test
    void each_event_is_delivered_once_and_in_order_whichever_node_stored_it() throws Exception {
        String database = EmbeddedPostgresDatabases.newDatabase();
        // every event's first attempt fails: the retries too must come from one worker
        try (Receiver receiver = new Receiver(request -> Receiver.Answer.status(request.attempt() == 1 ? 500 : 200));
             ConfigurableApplicationContext first = PostgresNode.start(database, SETTINGS);
             ConfigurableApplicationContext second = PostgresNode.start(database, SETTINGS)) {
            RestTestClient onFirst = StandaloneApp.alice(first);
            RestTestClient onSecond = StandaloneApp.alice(second);
            Map<String, Object> webhook = WebhookDeliveryIT.register(onFirst, receiver, "MoneyDeposited");
            String account = StandaloneApp.openAccount(onSecond);
            for (int i = 1; i <= 6; i++) {
                WebhookDeliveryIT.deposit(i % 2 == 0 ? onFirst : onSecond, account, i + ".00");
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(WebhookDeliveryIT.deliveries(onSecond, webhook)).hasSize(6)
                            .allSatisfy(delivery -> assertThat(delivery).containsEntry("status", "DELIVERED")
                                    .containsEntry("attempts", 2)));
            Thread.sleep(1_000); // nothing more may come
            List<Receiver.Request> requests = receiver.of(account);
            assertThat(requests).extracting(Receiver.Request::sequence)
                    .containsExactly(1L, 1L, 2L, 2L, 3L, 3L, 4L, 4L, 5L, 5L, 6L, 6L);
            Map<String, Long> perEvent = requests.stream()
                    .collect(Collectors.groupingBy(Receiver.Request::eventId, Collectors.counting()));
            assertThat(perEvent).hasSize(6).allSatisfy((event, count) -> assertThat(count).isEqualTo(2));
        }
    }
}
