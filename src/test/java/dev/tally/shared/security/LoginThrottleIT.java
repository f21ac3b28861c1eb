package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;

import dev.tally.support.ApiRequests;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Failed logins are throttled per user name and client address (api-contract.md,
 * "Authentication"): after 10 failures within the window the pair gets 429 with
 * {@code Retry-After}, even with the right password, until the window is over; other users are
 * served all along. An application of its own, with a 3 s window, so that the test can also wait
 * for the window to end (and no other test's users are throttled).
 */
class LoginThrottleIT {

    private final StandaloneApp tally = new StandaloneApp("tally.security.login-throttle.window=3s");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> login(String base, String user, String password) throws Exception {
        return http.send(ApiRequests.request(base + "/api/auth/token", user, password, "POST", null, null).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ten_failures_throttle_that_user_from_that_address_until_the_window_is_over() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            for (int i = 0; i < 10; i++) {
                assertThat(login(base, "alice", "guess-" + i).statusCode()).as("failure %d", i + 1).isEqualTo(401);
            }

            HttpResponse<String> throttled = login(base, "alice", "alice-pw");
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(throttled.body()).contains("urn:tally:problem:too-many-failed-logins").doesNotContain("trace");
            assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3L);
            // an API call with the same credentials is throttled alike; other users are not
            assertThat(http.send(ApiRequests.request(base + "/api/accounts", "alice", "alice-pw", "GET", null, null)
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(429);
            assertThat(login(base, "bob", "bob-pw").statusCode()).isEqualTo(200);

            Thread.sleep(3_200);
            assertThat(login(base, "alice", "alice-pw").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nine_failures_leave_the_user_free_to_log_in() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            for (int i = 0; i < 9; i++) {
                assertThat(login(base, "alice", "guess-" + i).statusCode()).isEqualTo(401);
            }
            assertThat(login(base, "alice", "alice-pw").statusCode()).isEqualTo(200);
        }
    }
}
