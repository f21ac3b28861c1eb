package dev.tally.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to Tally's API as its clients send them over plain {@link java.net.http.HttpClient}:
 * HTTP Basic or a bearer token, a JSON body when there is one, an {@code Idempotency-Key} when given.
 */
public final class ApiRequests {

    /** Generous: the machine running the tests may be busy with other builds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ApiRequests() {
    }

    /** A request with HTTP Basic: a password check (bcrypt) per request. */
    public static HttpRequest.Builder request(String url, String username, String password, String method,
                                              String jsonBody, String idempotencyKey) {
        return request(url, "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)), method, jsonBody, idempotencyKey);
    }

    /** A request with a bearer token (from {@link #token}): a signature check per request. */
    public static HttpRequest.Builder withToken(String url, String token, String method, String jsonBody,
                                                String idempotencyKey) {
        return request(url, "Bearer " + token, method, jsonBody, idempotencyKey);
    }

    /** A bearer token for the user, from {@code POST /api/auth/token} at the given base URL. */
    public static String token(HttpClient http, String baseUrl, String username, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(baseUrl + "/api/auth/token", username, password, "POST",
                null, null).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("no token for " + username + ": " + response.statusCode() + " "
                    + response.body());
        }
        return token.group(1);
    }

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private static HttpRequest.Builder request(String url, String authorization, String method, String jsonBody,
                                               String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
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
