package dev.tally.shared.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits on what a request may bring, and what the answers and the logs give away. */
@ExtendWith(OutputCaptureExtension.class)
class RequestHygieneIT extends ApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private JdbcTemplate jdbc;

    private long storedEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private static String huge(int bytes) {
        return """
                {"holderName": "%s", "currency": "EUR"}""".formatted("x".repeat(bytes));
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/accounts"))
                .header("Authorization", basic("alice", "alice-pw"))
                .header("Content-Type", "application/json")
                .POST(body)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_body_over_64_kb_is_413_whether_its_length_is_declared_or_not() throws Exception {
        long before = storedEvents();
        expectProblem(post(alice(), "/api/accounts", huge(70_000)), 413);

        // chunked: no Content-Length, so the limit applies while the body is read
        byte[] body = huge(200_000).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(storedEvents()).isEqualTo(before);

        post(alice(), "/api/accounts", """
                {"holderName": "Just fine", "currency": "EUR"}""").expectStatus().isCreated();
    }

    @Test
    void neither_answers_nor_logs_carry_passwords_request_bodies_or_stack_traces(CapturedOutput output)
            throws IOException, InterruptedException {
        String password = "guessed-" + System.nanoTime();
        String secret = "Holder" + System.nanoTime();
        expectProblem(as("alice", password).get().uri("/api/accounts").exchange(), 401);
        expectProblem(post(alice(), "/api/accounts", """
                {"holderName": "%s", "currency": "XXQ"}""".formatted(secret)), 400);
        expectProblem(post(alice(), "/api/accounts", """
                {"holderName": "x", "currency": "EUR", "overdraftLimit": "%s"}""".formatted(secret)), 400);
        expectProblem(post(alice(), "/api/accounts", """
                {"holderName": "%s", "currency": """.formatted(secret)), 400);
        // values never come back; the name of a field the API does not know does, to say what is wrong
        for (String body : List.of(
                "{\"holderName\": [\"" + secret + "\"]}",
                "{\"nickname\": \"" + secret + "\"}",
                "{\"holderName\": \"x\", \"currency\": \"EUR\", \"overdraftLimit\": 1e999999}")) {
            HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofString(body));
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).doesNotContain(secret).doesNotContain("Exception").doesNotContain("\tat ");
        }

        assertThat(output.getAll()).doesNotContain(password).doesNotContain(secret).doesNotContain("alice-pw");
    }

    /**
     * Paths and queries that are not valid URIs: Java's HTTP clients refuse to send them, so they
     * go over a plain socket. Tomcat refuses some before Spring sees them; all answer problem+json.
     */
    @Test
    void a_malformed_path_or_query_is_a_400_problem_not_a_server_page() throws IOException {
        for (String target : List.of("/api/orders/%00", "/api/orders/%zz", "/api/orders/%",
                "/api/accounts?page=%", "/api/accounts?page=%zz&size=%E2%9C")) {
            String answer = rawGet(target);
            assertThat(answer).as(target).startsWith("HTTP/1.1 400");
            assertThat(answer).as(target).containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"status\":400").doesNotContain("<html").doesNotContain("Exception");
        }
    }

    private String rawGet(String target) throws IOException {
        URI base = URI.create(baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + basic("alice", "alice-pw") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
