package dev.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The outbox is in the database: a restart in the middle of retries loses no delivery and keeps
 * the order per aggregate.
 */
class WebhookRestartIT {

    private final StandaloneApp tally = new StandaloneApp(
            "db-scheduler.polling-interval=100ms",
            "tally.webhooks.poll-interval=100ms",
            "tally.webhooks.allow-private-addresses=true",
            "tally.webhooks.first-retry=300ms",
            "tally.webhooks.give-up-after=2m");

    @Test
    void a_restart_in_the_middle_of_retries_loses_nothing() throws Exception {
        try (Receiver receiver = Receiver.answering(500)) {
            Map<String, Object> webhook;
            String account;
            try (ConfigurableApplicationContext app = tally.start()) {
                RestTestClient alice = StandaloneApp.alice(app);
                webhook = WebhookDeliveryIT.register(alice, receiver, "MoneyDeposited");
                account = StandaloneApp.openAccount(alice);
                WebhookDeliveryIT.deposit(alice, account, "1.00");
                WebhookDeliveryIT.deposit(alice, account, "2.00");
                // the first is being retried, the second waits behind it
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.of(account).size() >= 2);
                assertThat(receiver.of(account)).extracting(Receiver.Request::sequence).containsOnly(1L);
            }
            receiver.answer(request -> Receiver.Answer.status(200));
            int beforeRestart = receiver.requests().size();

            try (ConfigurableApplicationContext app = tally.start()) {
                RestTestClient alice = StandaloneApp.alice(app);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(WebhookDeliveryIT.deliveries(alice, webhook)).hasSize(2)
                                .allSatisfy(delivery -> assertThat(delivery).containsEntry("status", "DELIVERED")));
                List<Receiver.Request> after = receiver.requests().subList(beforeRestart, receiver.requests().size());
                assertThat(after).extracting(Receiver.Request::sequence).containsExactly(1L, 2L);
            }
        }
    }
}
