package dev.tally.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A payment, and the idempotency of its key, outlive a restart of the application. */
class PaymentRestartIT {

    private final StandaloneApp tally = new StandaloneApp();

    private static RestTestClient.ResponseSpec pay(RestTestClient alice, String accountId) {
        return alice.post().uri("/api/payments")
                .header("Idempotency-Key", "restart-key")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"accountId\": \"" + accountId + "\", \"amount\": \"30.00\", \"currency\": \"EUR\"}")
                .exchange();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> completed(RestTestClient alice, String paymentId) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                alice.get().uri("/api/payments/{id}", paymentId).exchange()
                        .expectBody().jsonPath("$.status").isEqualTo("COMPLETED"));
        return alice.get().uri("/api/payments/{id}", paymentId).exchange()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void the_payment_keeps_status_and_version_and_a_retry_still_finds_it() {
        String accountId;
        String paymentId;
        Map<String, Object> before;
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            @SuppressWarnings("unchecked")
            Map<String, Object> opened = StandaloneApp.post(alice, "/api/accounts",
                            "{\"holderName\": \"Alice\", \"currency\": \"EUR\"}")
                    .expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody();
            accountId = (String) opened.get("accountId");
            StandaloneApp.post(alice, "/api/accounts/" + accountId + "/deposits",
                    "{\"amount\": \"50.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
            @SuppressWarnings("unchecked")
            Map<String, Object> created = pay(alice, accountId).expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody();
            paymentId = (String) created.get("paymentId");
            before = completed(alice, paymentId);
        }

        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            assertThat(completed(alice, paymentId)).isEqualTo(before).containsEntry("version", 1);
            pay(alice, accountId).expectStatus().isOk()
                    .expectBody().jsonPath("$.paymentId").isEqualTo(paymentId);
            alice.get().uri("/api/accounts/{id}", accountId).exchange()
                    .expectBody().jsonPath("$.balance").isEqualTo("20.00");
        }
    }
}
