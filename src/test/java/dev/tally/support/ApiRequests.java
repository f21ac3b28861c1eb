package dev.tally.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Requests to Tally's API as its clients send them over plain {@link java.net.http.HttpClient}:
 * HTTP Basic, a JSON body when there is one, an {@code Idempotency-Key} when given.
 */
public final class ApiRequests {

    /** Generous: the machine running the tests may be busy with other builds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ApiRequests() {
    }

    public static HttpRequest.Builder request(String url, String username, String password, String method,
                                              String jsonBody, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request;
    }
}
