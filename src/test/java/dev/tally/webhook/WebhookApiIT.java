package dev.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tally.privacy.PersonalDataVault;
import dev.tally.support.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The webhooks API as the contract has it, with internal addresses refused as in production
 * ({@code tally.webhooks.allow-private-addresses=false}).
 */
class WebhookApiIT extends ApiTest {

    /** A public address, given as a literal so that no name needs resolving in the test. */
    static final String PUBLIC_URL = "https://93.184.215.14/tally-hook";

    /**
     * Each test's webhooks go with it: in the shared context every later test's events of alice or
     * bob would otherwise be delivered, and retried for a day, to an address no test listens on.
     */
    @AfterEach
    void deleteTheWebhooks() {
        for (RestTestClient owner : List.of(alice(), bob())) {
            webhooksOf(owner).forEach(webhook -> owner.delete().uri("/api/webhooks/{id}", ((Map<?, ?>) webhook).get("webhookId"))
                    .exchange().expectStatus().isNoContent());
        }
    }

    private static RestTestClient.ResponseSpec register(RestTestClient client, String url, String types) {
        return post(client, "/api/webhooks", "{\"url\": \"" + url + "\", \"eventTypes\": " + types + "}");
    }

    @Test
    void a_registration_answers_the_secret_once_and_the_listing_never_shows_it() {
        Map<String, Object> created = body(register(alice(), PUBLIC_URL, "[\"MoneyDeposited\", \"OrderPaid\", \"MoneyDeposited\"]")
                .expectStatus().isCreated()
                .expectHeader().exists("Location"));
        assertThat(created).containsKeys("webhookId", "secret").containsEntry("url", PUBLIC_URL)
                .containsEntry("eventTypes", List.of("MoneyDeposited", "OrderPaid"));
        assertThat((String) created.get("secret")).startsWith("whsec_").hasSizeGreaterThan(40);

        String listing = alice().get().uri("/api/webhooks").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(listing).contains((String) created.get("webhookId")).doesNotContain((String) created.get("secret"))
                .doesNotContain("secret");
        assertThat(bob().get().uri("/api/webhooks").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).doesNotContain((String) created.get("webhookId"));
        alice().get().uri("/api/webhooks/{id}/deliveries", created.get("webhookId")).exchange()
                .expectStatus().isOk().expectBody().json("[]");
    }

    @Nested
    class SecretsAtRest {

        @Autowired
        WebhookRegistry registry;
        @Autowired
        PersonalDataVault vault;
        @Autowired
        JdbcTemplate jdbc;

        private String stored(String webhookId) {
            return jdbc.queryForObject("select secret from webhook where webhook_id = ?", String.class, webhookId);
        }

        @Test
        void the_database_holds_the_secret_only_sealed_and_it_still_signs() {
            Map<String, Object> created = body(register(alice(), PUBLIC_URL, "[\"MoneyDeposited\"]").expectStatus().isCreated());
            String id = (String) created.get("webhookId");
            String secret = (String) created.get("secret");

            assertThat(stored(id)).startsWith("pii:v1:").doesNotContain(secret).doesNotContain(secret.substring(6, 20));
            assertThat(registry.signingSecret(id)).contains(secret);
        }

        @Test
        void a_secret_stored_plain_before_sealing_is_sealed_when_a_node_starts() {
            String id = (String) body(register(bob(), PUBLIC_URL, "[\"MoneyDeposited\"]").expectStatus().isCreated())
                    .get("webhookId");
            jdbc.update("update webhook set secret = 'whsec_stored-before-v17' where webhook_id = ?", id);
            assertThat(registry.signingSecret(id)).contains("whsec_stored-before-v17");

            registry.sealPlainSecrets();

            assertThat(stored(id)).startsWith("pii:v1:").doesNotContain("stored-before-v17");
            assertThat(registry.signingSecret(id)).contains("whsec_stored-before-v17");
        }

        @Test
        void forgetting_the_owner_forgets_the_secret_and_nothing_more_can_be_signed() {
            String owner = "webhook-test-" + UUID.randomUUID();
            Webhook webhook = new Webhook(UUID.randomUUID().toString(), owner, false, PUBLIC_URL, List.of("MoneyDeposited"),
                    Instant.now());
            registry.register(webhook, "whsec_to-be-forgotten");
            assertThat(registry.signingSecret(webhook.webhookId())).contains("whsec_to-be-forgotten");

            assertThat(vault.forget(owner)).isTrue();

            assertThat(registry.signingSecret(webhook.webhookId())).isEmpty();
            // and a forgotten subject's webhook is not registered: its secret could not be kept
            assertThatThrownBy(() -> registry.register(new Webhook(UUID.randomUUID().toString(), owner, false, PUBLIC_URL,
                    List.of("MoneyDeposited"), Instant.now()), "whsec_never-kept")).isInstanceOf(OwnerForgotten.class);
        }
    }

    @Nested
    class ForgettingTheOwner {

        @Autowired
        WebhookRegistry registry;
        @Autowired
        DeliveryOutbox outbox;
        @Autowired
        JdbcTemplate jdbc;

        @Test
        void deletes_their_webhooks_and_deliveries_and_keeps_everyone_elses() {
            // a customer of their own (forgetting is for good), with a webhook that has a delivery
            String login = "webhook-owner-" + UUID.randomUUID();
            Webhook theirs = new Webhook(UUID.randomUUID().toString(), subjectOf(login), false, PUBLIC_URL,
                    List.of("MoneyDeposited"), Instant.now());
            registry.register(theirs, "whsec_theirs");
            // recorded as if an hour from now: not due while this test runs, so the worker leaves it alone
            outbox.record(new Delivery(theirs.webhookId(), UUID.randomUUID().toString(), "MoneyDeposited", null, null,
                    Instant.now(), "x", null, new byte[0], Delivery.Status.PENDING, 0, Instant.now().plusSeconds(7200),
                    null, null), Instant.now().plusSeconds(3600));
            String bobs = (String) body(register(bob(), PUBLIC_URL, "[\"MoneyDeposited\"]").expectStatus().isCreated())
                    .get("webhookId");

            admin().delete().uri("/api/admin/customers/{login}/personal-data", login).exchange().expectStatus().isNoContent();

            eventually(() -> assertThat(registry.find(theirs.webhookId())).isEmpty());
            assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where webhook_id = ?", Integer.class,
                    theirs.webhookId())).isZero();
            assertThat(jdbc.queryForObject("select count(*) from webhook_event_type where webhook_id = ?", Integer.class,
                    theirs.webhookId())).isZero();
            assertThat(webhooksOf(bob()).stream().<Object>map(webhook -> ((Map<?, ?>) webhook).get("webhookId")).toList())
                    .contains(bobs);
        }
    }

    @Test
    void a_deleted_webhook_is_gone_and_only_its_owner_or_an_admin_may_delete_it() {
        String id = (String) body(register(alice(), PUBLIC_URL, "[\"MoneyDeposited\"]").expectStatus().isCreated())
                .get("webhookId");
        expectProblem(bob().delete().uri("/api/webhooks/{id}", id).exchange(), 404);
        alice().delete().uri("/api/webhooks/{id}", id).exchange().expectStatus().isNoContent();
        expectProblem(alice().delete().uri("/api/webhooks/{id}", id).exchange(), 404);
        expectProblem(alice().get().uri("/api/webhooks/{id}/deliveries", id).exchange(), 404);
        assertThat(alice().get().uri("/api/webhooks").exchange().expectBody(String.class).returnResult()
                .getResponseBody()).doesNotContain(id);
    }

    private static List<?> webhooksOf(RestTestClient client) {
        return client.get().uri("/api/webhooks").exchange().expectStatus().isOk().expectBody(List.class)
                .returnResult().getResponseBody();
    }

    @Nested
    class Refused_with_a_400_naming_the_field {

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://10.1.2.3/",
                "http://172.16.0.5/", "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[::ffff:127.0.0.1]/",
                "http://224.0.0.1/", "http://0.0.0.0/"})
        void an_internal_address(String url) {
            expectInvalid(register(alice(), url, "[\"MoneyDeposited\"]"), "url");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://93.184.215.14/", "file:///etc/passwd", "93.184.215.14/hook", "not a url",
                "https://user:pw@93.184.215.14/", "https://93.184.215.14/#part", "javascript:alert(1)", "",
                "https://no-such-host.invalid/", "https://93.184.215.14:99999/", "https://93.184.215.14:0/"})
        void a_url_that_is_not_an_http_one(String url) {
            expectInvalid(register(alice(), url, "[\"MoneyDeposited\"]"), "url");
        }

        @Test
        void an_unknown_event_type_or_none() {
            expectInvalid(register(alice(), PUBLIC_URL, "[\"MoneyDeposited\", \"MoneyPrinted\"]"), "eventTypes");
            expectInvalid(register(alice(), PUBLIC_URL, "[]"), "eventTypes");
            expectInvalid(post(alice(), "/api/webhooks", "{\"url\": \"" + PUBLIC_URL + "\"}"), "eventTypes");
            expectInvalid(post(alice(), "/api/webhooks", "{\"eventTypes\": [\"MoneyDeposited\"]}"), "url");
        }

        @Test
        void and_nothing_is_registered() {
            int before = webhooksOf(bob()).size();
            register(bob(), "http://127.0.0.1/hook", "[\"MoneyDeposited\"]").expectStatus().isBadRequest();
            register(bob(), PUBLIC_URL, "[\"NoSuchEvent\"]").expectStatus().isBadRequest();
            assertThat(webhooksOf(bob())).hasSize(before);
        }

        private void expectInvalid(RestTestClient.ResponseSpec response, String field) {
            Map<String, Object> problem = body(response.expectStatus().isBadRequest());
            assertThat(problem).containsEntry("status", 400);
            assertThat((List<?>) problem.get("errors")).anySatisfy(error ->
                    assertThat(((Map<?, ?>) error).get("field")).isEqualTo(field));
        }
    }
}
