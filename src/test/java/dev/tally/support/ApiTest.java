package dev.tally.support;

import dev.tally.privacy.Pseudonyms;
import org.springframework.beans.factory.annotation.Autowired;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.awaitility.core.ThrowingRunnable;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Base of the HTTP integration tests: the whole application on a random port, with a database of
 * its own ({@link TestDatabase}: H2, or PostgreSQL), driven through the real HTTP layer as the demo users of the API contract.
 * All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tally.read-your-writes.timeout=3s",
        "tally.sse.heartbeat=300ms",
        // another site whose pages may call the API (CrossSiteRequestsIT)
        "tally.security.allowed-origins=https://shop.example.com",
        // the tests of this context share the throttle's memory, and several try a wrong password of
        // alice within a minute: none of them should find her throttled by another's tries.
        // LoginThrottleIT has an application of its own with the contract's 10
        "tally.security.login-throttle.failures=1000",
        // a metrics scraper, whose role may read /actuator/prometheus and nothing else (SecurityMatrixIT)
        "tally.security.users.scraper.password={noop}scraper-pw",
        "tally.security.users.scraper.roles=METRICS",
        // as in production: a webhook to an internal address is refused (WebhookApiIT); the tests that
        // deliver to a receiver on a loopback port have a context of their own (WebhookDeliveryIT)
        "tally.webhooks.allow-private-addresses=false"})
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class ApiTest {

    @LocalServerPort
    private int port;

    protected RestTestClient alice() {
        return as("alice", "alice-pw");
    }

    protected RestTestClient bob() {
        return as("bob", "bob-pw");
    }

    protected RestTestClient admin() {
        return as("admin", "admin-pw");
    }

    protected RestTestClient anonymous() {
        return RestTestClient.bindToServer().baseUrl(baseUrl()).build();
    }

    protected RestTestClient as(String username, String password) {
        return RestTestClient.bindToServer()
                .baseUrl(baseUrl())
                .defaultHeaders(headers -> headers.setBasicAuth(username, password))
                .build();
    }

    /** The API with a bearer token instead of a password. */
    protected RestTestClient withToken(String token) {
        return RestTestClient.bindToServer()
                .baseUrl(baseUrl())
                .defaultHeaders(headers -> headers.setBearerAuth(token))
                .build();
    }

    /** A bearer token for the user, from {@code POST /api/auth/token} with their password. */
    protected String tokenOf(String username, String password) {
        return (String) body(as(username, password).post().uri("/api/auth/token").exchange()
                .expectStatus().isOk()).get("access_token");
    }

    @Autowired
    private Pseudonyms pseudonyms;

    /** The subject id (pseudonym) under which events and read models name the user. */
    protected String subjectOf(String login) {
        return pseudonyms.subjectOf(login);
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** POSTs a JSON body (written out, so tests control exactly what goes over the wire). */
    protected static RestTestClient.ResponseSpec post(RestTestClient client, String path, String json) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).exchange();
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> body(RestTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
    }

    /** Expects a problem+json answer with the given status, its fields filled and no stack trace. */
    protected static void expectProblem(RestTestClient.ResponseSpec response, int status) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isNotEmpty()
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.detail").isNotEmpty()
                .jsonPath("$.trace").doesNotExist()
                .jsonPath("$.stackTrace").doesNotExist();
    }

    /** For what processors and processes do after a request was answered: retries until it holds (10 s). */
    protected static void eventually(ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(assertion);
    }
}
