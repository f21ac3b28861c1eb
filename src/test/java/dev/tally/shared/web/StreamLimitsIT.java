package dev.tally.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tally.support.ApiRequests;
import dev.tally.support.EventStreamClient;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a node holds for clients that stay connected is capped ({@code tally.streams}): live
 * streams per user and in all, and reads waiting for a read model. One more is a 429 with
 * {@code Retry-After}, and a stream whose client has gone frees its place. An application of its
 * own with small caps (2 streams a user, 3 in all, 1 waiting read), so that no other test's
 * streams count, and a long read-your-writes timeout, so that a wait ends only when the test says.
 */
class StreamLimitsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext app;
    private static String base;

    @BeforeAll
    static void start() {
        app = new StandaloneApp("tally.streams.per-user=2", "tally.streams.total=3",
                "tally.streams.read-your-writes-waits=1", "tally.sse.heartbeat=200ms",
                "tally.read-your-writes.timeout=60s").start();
        base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_user_gets_as_many_streams_as_the_cap_and_the_node_as_many_as_its_cap_and_a_closed_one_frees_its_place()
            throws Exception {
        String alices = openAccount("alice");
        ServerSentEvents sse = app.getBean(ServerSentEvents.class);
        EventStreamClient aliceFeed = stream("/api/events/stream", "alice");
        try (EventStreamClient aliceUpdates = stream("/api/accounts/" + alices + "/updates", "alice")) {
            assertThat(aliceFeed.status()).isEqualTo(200);
            assertThat(aliceUpdates.status()).isEqualTo(200);

            // the feed and an account's updates count alike
            expectTooMany(get("/api/events/stream", "alice"), "too-many-streams");
            expectTooMany(get("/api/accounts/" + alices + "/updates", "alice"), "too-many-streams");

            try (EventStreamClient bobFeed = stream("/api/events/stream", "bob")) {
                assertThat(bobFeed.status()).as("another user is not held back by alice's cap").isEqualTo(200);
                // bob has one stream of two, but the node has three of three
                expectTooMany(get("/api/events/stream", "bob"), "too-many-streams-in-total");

                aliceFeed.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> sse.openStreams() == 2);
                try (EventStreamClient again = stream("/api/events/stream?types=MoneyDeposited", "alice")) {
                    assertThat(again.status()).isEqualTo(200);
                    deposit("alice", alices);
                    assertThat(again.next(alices)).contains("MoneyDeposited");
                }
            }
        } finally {
            aliceFeed.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sse.openStreams() == 0);
    }

    @Test
    void a_read_that_would_wait_beyond_the_cap_of_waiting_reads_is_refused_and_one_that_need_not_wait_is_served()
            throws Exception {
        String bobs = openAccount("bob");
        ReadYourWrites readYourWrites = app.getBean(ReadYourWrites.class);
        // the read model is at version 0 (read once, so it has caught up), and version 1 comes only with a deposit
        assertThat(send(get("/api/accounts/" + bobs + "?minVersion=0", "bob")).statusCode()).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(
                get("/api/accounts/" + bobs + "?minVersion=1", "bob"), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> readYourWrites.waiting() == 1);

        expectTooMany(get("/api/accounts/" + bobs + "?minVersion=1", "bob"), "too-many-waiting-reads");
        expectTooMany(get("/api/accounts/" + openAccount("alice") + "?minVersion=5", "alice"),
                "too-many-waiting-reads");
        assertThat(send(get("/api/accounts/" + bobs + "?minVersion=0", "bob")).statusCode())
                .as("a read the read model can answer at once does not wait").isEqualTo(200);
        assertThat(send(get("/api/accounts/" + bobs, "bob")).statusCode()).isEqualTo(200);

        deposit("bob", bobs);
        HttpResponse<String> caughtUp = waiting.get(30, TimeUnit.SECONDS);
        assertThat(caughtUp.statusCode()).isEqualTo(200);
        assertThat(caughtUp.body()).contains("\"version\":1");
        assertThat(readYourWrites.waiting()).isZero();
        assertThat(send(get("/api/accounts/" + bobs + "?minVersion=1", "bob")).statusCode()).isEqualTo(200);
    }

    private static void expectTooMany(HttpRequest request, String problemType) throws Exception {
        HttpResponse<String> refused = send(request);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"type\":\"urn:tally:problem:" + problemType + "\"")
                .contains("\"title\":\"Too Many Requests\"").contains("\"status\":429").contains("\"detail\"")
                .doesNotContain("trace");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    }

    /** A GET as the user (password: name + "-pw") that accepts what a stream client accepts. */
    private static HttpRequest get(String path, String user) {
        return ApiRequests.request(base + path, user, user + "-pw", "GET", null, null)
                .header("Accept", "text/event-stream, application/json").build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static EventStreamClient stream(String path, String user) throws Exception {
        return EventStreamClient.open(base + path, user, user + "-pw");
    }

    private static String openAccount(String user) {
        return StandaloneApp.openAccount(StandaloneApp.as(app, user, user + "-pw"));
    }

    private static void deposit(String user, String accountId) {
        StandaloneApp.post(StandaloneApp.as(app, user, user + "-pw"), "/api/accounts/" + accountId + "/deposits",
                "{\"amount\": \"1.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
    }
}
