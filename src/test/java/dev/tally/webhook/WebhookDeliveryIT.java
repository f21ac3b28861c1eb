package dev.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tally.support.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Webhooks delivered to receivers on a loopback port, with short timeouts and a short retry budget:
 * signed, only the owner's events (an admin's webhook: everyone's), retried after a 500 and after no
 * answer, in order per aggregate, FAILED after the budget, nothing after a delete, nothing again
 * after a replay of {@code webhook-outbox}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "db-scheduler.polling-interval=100ms",
        "tally.webhooks.poll-interval=100ms",
        "tally.webhooks.allow-private-addresses=true",
        "tally.webhooks.first-retry=300ms",
        "tally.webhooks.give-up-after=3s",
        "tally.webhooks.connect-timeout=1s",
        "tally.webhooks.read-timeout=2s"})
@ContextConfiguration(initializers = TestDatabase.class)
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    private int port;
    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private EventStore eventStore;

    private final List<Receiver> receivers = new ArrayList<>();

    /** Each test's webhooks go with it, so no later test's events are recorded for them. */
    @AfterEach
    void deleteWebhooksAndCloseReceivers() {
        for (String user : List.of("alice", "admin")) {
            as(user).get().uri("/api/webhooks").exchange().expectStatus().isOk().expectBody(List.class).returnResult()
                    .getResponseBody().forEach(webhook -> as(user).delete()
                            .uri("/api/webhooks/{id}", ((Map<?, ?>) webhook).get("webhookId")).exchange());
        }
        receivers.forEach(Receiver::close);
    }

    @Test
    void a_delivery_is_signed_with_the_webhooks_secret_and_carries_the_event() throws Exception {
        Receiver receiver = receiver(Receiver.answering(204));
        Map<String, Object> webhook = register(as("alice"), receiver, "MoneyDeposited");
        String account = openAccount(as("alice"));
        deposit(as("alice"), account, "25.00");

        await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
        Receiver.Request request = receiver.requests().get(0);
        String[] signature = request.signature().split(",");
        assertThat(signature[0]).startsWith("t=");
        assertThat(signature[1]).startsWith("v1=");
        long t = Long.parseLong(signature[0].substring(2));
        assertThat(t).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
        assertThat(signature[1].substring(3)).isEqualTo(hmac((String) webhook.get("secret"), t + "." + request.body()));

        assertThat(request.json().path("eventId").asText()).isNotBlank();
        assertThat(request.json().path("type").asText()).isEqualTo("MoneyDeposited");
        assertThat(request.json().path("aggregateId").asText()).isEqualTo(account);
        assertThat(request.json().path("sequence").asLong()).isEqualTo(1);
        assertThat(Instant.parse(request.json().path("occurredAt").asText())).isBefore(Instant.now());
        assertThat(request.json().path("data").path("accountId").asText()).isEqualTo(account);
        assertThat(request.json().path("data").path("amount").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(request.body()).as("deliveries name subjects, never logins").doesNotContain("\"alice\"");

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(as("alice"), webhook)).singleElement()
                .satisfies(delivery -> {
                    assertThat(delivery).containsEntry("eventId", request.eventId()).containsEntry("type", "MoneyDeposited")
                            .containsEntry("status", "DELIVERED").containsEntry("attempts", 1)
                            .containsEntry("responseStatus", 204);
                    assertThat(delivery.get("lastAttemptAt")).isNotNull();
                }));
        // the secret is shown once: the listing has none
        assertThat(as("alice").get().uri("/api/webhooks").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).doesNotContain((String) webhook.get("secret"))
                .contains((String) webhook.get("webhookId"));
    }

    @Test
    void a_customers_webhook_gets_only_their_own_events_and_an_admins_gets_everyones() throws Exception {
        Receiver alices = receiver(Receiver.answering(200));
        Receiver admins = receiver(Receiver.answering(200));
        Map<String, Object> alicesWebhook = register(as("alice"), alices, "MoneyDeposited");
        register(as("admin"), admins, "MoneyDeposited");
        String bobsAccount = openAccount(as("bob"));
        deposit(as("bob"), bobsAccount, "5.00");
        String alicesAccount = openAccount(as("alice"));
        deposit(as("alice"), alicesAccount, "7.00");

        await().atMost(WAIT).until(() -> admins.of(bobsAccount).size() == 1 && admins.of(alicesAccount).size() == 1);
        await().atMost(WAIT).until(() -> alices.of(alicesAccount).size() == 1);
        // the outbox recorded bob's deposit for the admin's webhook in the same step as it looked at alice's:
        // had it been due to alice's webhook, it would be in its deliveries now
        assertThat(deliveries(as("alice"), alicesWebhook)).extracting(delivery -> delivery.get("eventId"))
                .containsExactly(alices.of(alicesAccount).get(0).eventId());
        assertThat(alices.of(bobsAccount)).isEmpty();
        // another customer does not see alice's webhook
        as("bob").get().uri("/api/webhooks/{id}/deliveries", alicesWebhook.get("webhookId")).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void a_500_is_retried_until_the_receiver_takes_it() throws Exception {
        Receiver receiver = receiver(new Receiver(request ->
                Receiver.Answer.status(request.attempt() == 1 ? 500 : 200)));
        Map<String, Object> webhook = register(as("alice"), receiver, "MoneyDeposited");
        deposit(as("alice"), openAccount(as("alice")), "1.00");

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(as("alice"), webhook)).singleElement()
                .satisfies(delivery -> assertThat(delivery).containsEntry("status", "DELIVERED")
                        .containsEntry("attempts", 2).containsEntry("responseStatus", 200)));
        List<Receiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).eventId()).isEqualTo(requests.get(0).eventId());
        // first retry after 300 ms, less at most a fifth of jitter
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void no_answer_within_the_read_timeout_is_retried() throws Exception {
        Receiver receiver = receiver(new Receiver(request -> request.attempt() == 1
                ? Receiver.Answer.after(3_000, 200) : Receiver.Answer.status(200)));
        Map<String, Object> webhook = register(as("alice"), receiver, "MoneyDeposited");
        deposit(as("alice"), openAccount(as("alice")), "1.00");

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(as("alice"), webhook)).singleElement()
                .satisfies(delivery -> assertThat(delivery).containsEntry("status", "DELIVERED")
                        .containsEntry("attempts", 2).containsEntry("responseStatus", 200)));
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void an_aggregates_events_arrive_in_order_and_a_failing_one_holds_the_later_ones_back() throws Exception {
        Receiver receiver = receiver(new Receiver(request ->
                Receiver.Answer.status(request.sequence() == 1 && request.attempt() <= 2 ? 500 : 200)));
        register(as("alice"), receiver, "MoneyDeposited");
        String account = openAccount(as("alice"));
        for (int i = 1; i <= 4; i++) {
            deposit(as("alice"), account, i + ".00");
        }

        await().atMost(WAIT).until(() -> receiver.of(account).stream().map(Receiver.Request::eventId).distinct().count() == 4);
        Thread.sleep(500); // nothing more may come
        assertThat(receiver.of(account)).extracting(Receiver.Request::sequence).containsExactly(1L, 1L, 1L, 2L, 3L, 4L);
    }

    @Test
    void a_delivery_that_keeps_failing_is_FAILED_after_the_retry_budget() throws Exception {
        Receiver receiver = receiver(Receiver.answering(503));
        Map<String, Object> webhook = register(as("alice"), receiver, "MoneyDeposited");
        deposit(as("alice"), openAccount(as("alice")), "1.00");

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(as("alice"), webhook)).singleElement()
                .satisfies(delivery -> assertThat(delivery).containsEntry("status", "FAILED")
                        .containsEntry("responseStatus", 503)));
        int attempts = (Integer) deliveries(as("alice"), webhook).get(0).get("attempts");
        // 300 ms, 600, 1200, then the end of the 3 s budget: about five attempts
        assertThat(attempts).isBetween(3, 7);
        assertThat(receiver.requests()).hasSize(attempts);
        Thread.sleep(1_000);
        assertThat(receiver.requests()).as("no attempt after FAILED").hasSize(attempts);
    }

    @Test
    void a_deleted_webhook_gets_no_more_deliveries() throws Exception {
        Receiver receiver = receiver(Receiver.answering(500));
        Map<String, Object> webhook = register(as("alice"), receiver, "MoneyDeposited");
        String account = openAccount(as("alice"));
        deposit(as("alice"), account, "1.00");
        await().atMost(WAIT).until(() -> receiver.requests().size() >= 2); // it is being retried

        as("alice").delete().uri("/api/webhooks/{id}", webhook.get("webhookId")).exchange().expectStatus().isNoContent();
        int sent = receiver.requests().size();
        receiver.answer(request -> Receiver.Answer.status(200));
        deposit(as("alice"), account, "2.00");
        Thread.sleep(2_500); // several retry pauses, and time for the new deposit to be delivered

        assertThat(receiver.requests()).hasSizeLessThanOrEqualTo(sent + 1); // at most one that was in flight
        assertThat(receiver.of(account)).extracting(Receiver.Request::sequence).doesNotContain(2L);
        as("alice").get().uri("/api/webhooks/{id}/deliveries", webhook.get("webhookId")).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void a_replay_of_the_outbox_delivers_nothing_again() throws Exception {
        Receiver receiver = receiver(Receiver.answering(200));
        Map<String, Object> webhook = register(as("alice"), receiver, "MoneyDeposited");
        String account = openAccount(as("alice"));
        deposit(as("alice"), account, "1.00");
        deposit(as("alice"), account, "2.00");
        await().atMost(WAIT).until(() -> receiver.requests().size() == 2);

        StreamingEventProcessor outbox = processing.eventProcessor(WebhookOutbox.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        outbox.shutDown();
        outbox.resetTokens();
        outbox.start();
        long head = eventStore.createHeadToken().position().orElse(-1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(outbox.processingStatus().values()).isNotEmpty()
                .allMatch(segment -> segment.getCurrentPosition().orElse(-1) >= head));
        Thread.sleep(1_000); // the worker looks every 100 ms

        assertThat(receiver.requests()).hasSize(2);
        assertThat(deliveries(as("alice"), webhook)).hasSize(2)
                .allSatisfy(delivery -> assertThat(delivery).containsEntry("status", "DELIVERED"));
    }

    private Receiver receiver(Receiver receiver) {
        receivers.add(receiver);
        return receiver;
    }

    private RestTestClient as(String user) {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(user, user + "-pw")).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> register(RestTestClient client, Receiver receiver, String... types) {
        String json = "{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"" + String.join("\", \"", types) + "\"]}";
        return client.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON).body(json).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> deliveries(RestTestClient client, Map<String, Object> webhook) {
        return client.get().uri("/api/webhooks/{id}/deliveries", webhook.get("webhookId")).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static String openAccount(RestTestClient client) {
        return (String) client.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .body("{\"holderName\": \"Holder\", \"currency\": \"EUR\"}").exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("accountId");
    }

    static void deposit(RestTestClient client, String account, String amount) {
        client.post().uri("/api/accounts/{id}/deposits", account).contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": \"" + amount + "\", \"currency\": \"EUR\"}").exchange().expectStatus().isOk();
    }

    static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
