package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Requests a browser marks as coming from another site's page are refused with 403 before they
 * reach a command (api-contract.md, "Authentication"): a forged form post changes nothing, while
 * Tally's own pages, the sites in {@code tally.security.allowed-origins} and clients outside
 * browsers are served. As bob: the explorer's test lists alice's accounts of this shared context,
 * and only the first 100.
 */
class CrossSiteRequestsIT extends ApiTest {

    private String openAccount() {
        return (String) body(post(bob(), "/api/accounts", """
                {"holderName": "Bob", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
    }

    /** The account's stored events (the audit trail reads the event store, not a read model). */
    @SuppressWarnings("unchecked")
    private List<String> eventTypes(String accountId) {
        List<Map<String, Object>> events = bob().get().uri("/api/accounts/" + accountId + "/events").exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return events.stream().map(event -> (String) event.get("type")).toList();
    }

    private RestTestClient.ResponseSpec closeWith(String accountId, String header, String value) {
        return bob().post().uri("/api/accounts/" + accountId + "/close").header(header, value).exchange();
    }

    @Test
    void a_post_a_browser_marks_cross_site_is_refused_and_changes_nothing() {
        String accountId = openAccount();

        RestTestClient.ResponseSpec refused = closeWith(accountId, "Sec-Fetch-Site", "cross-site");

        expectProblem(refused, 403);
        closeWith(accountId, "Sec-Fetch-Site", "cross-site").expectBody()
                .jsonPath("$.type").isEqualTo("urn:tally:problem:cross-site-request");
        assertThat(eventTypes(accountId)).containsExactly("AccountOpened");
    }

    @Test
    void a_post_from_a_page_of_another_origin_is_refused_even_with_valid_credentials() {
        String accountId = openAccount();

        expectProblem(closeWith(accountId, "Origin", "https://evil.example"), 403);
        expectProblem(closeWith(accountId, "Origin", "null"), 403);
        // a token does not make a forged request acceptable either
        String token = tokenOf("bob", "bob-pw");
        expectProblem(withToken(token).post().uri("/api/accounts/" + accountId + "/close")
                .header("Origin", "http://localhost:1").exchange(), 403);
        assertThat(eventTypes(accountId)).containsExactly("AccountOpened");
    }

    @Test
    void tallys_own_pages_allowed_origins_same_origin_fetches_and_clients_outside_browsers_are_served() {
        String closed = openAccount();
        closeWith(closed, "Origin", baseUrl()).expectStatus().isOk();
        assertThat(eventTypes(closed)).containsExactly("AccountOpened", "AccountClosed");
        closeWith(openAccount(), "Origin", "https://shop.example.com").expectStatus().isOk();
        closeWith(openAccount(), "Sec-Fetch-Site", "same-origin").expectStatus().isOk();
        bob().post().uri("/api/accounts/" + openAccount() + "/close").exchange().expectStatus().isOk();
    }
}
