package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The event store is the source of truth, and it survives a restart of the application. */
class AccountRestartIT {

    private final StandaloneApp tally = new StandaloneApp();

    private static RestTestClient.ResponseSpec deposit(RestTestClient client, String id, String amount) {
        return client.post().uri("/api/accounts/{id}/deposits", id).contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": \"" + amount + "\", \"currency\": \"EUR\"}").exchange();
    }

    private static List<?> events(RestTestClient client, String id) {
        return client.get().uri("/api/accounts/{id}/events", id).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    @Test
    void events_balances_and_versions_are_the_same_after_a_restart() {
        String id;
        List<?> eventsBefore;
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            @SuppressWarnings("unchecked")
            Map<String, Object> opened = alice.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"holderName\": \"Alice\", \"currency\": \"EUR\"}").exchange()
                    .expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody();
            id = (String) opened.get("accountId");
            deposit(alice, id, "40.00").expectStatus().isOk();
            deposit(alice, id, "2.50").expectStatus().isOk();
            alice.get().uri("/api/accounts/{id}?minVersion=2", id).exchange().expectStatus().isOk();
            eventsBefore = events(alice, id);
        }

        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            assertThat(events(alice, id)).isEqualTo(eventsBefore).hasSize(3);
            alice.get().uri("/api/accounts/{id}", id).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.balance").isEqualTo("42.50")
                    .jsonPath("$.version").isEqualTo(2);
            deposit(alice, id, "0.50").expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(3)
                    .jsonPath("$.balance").isEqualTo("43.00");
        }
    }
}
