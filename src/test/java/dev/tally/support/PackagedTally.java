package dev.tally.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.shared.axon.StoredJson;

/**
 * The packaged jar ({@code java -jar target/tally-*.jar}) in a JVM of its own, for tests that kill
 * it with SIGKILL: nothing of a crash is simulated, no shutdown hook runs, open transactions die
 * with the process. Its output goes to a log file under the given folder.
 */
public final class PackagedTally {

    private static final Map<String, String> PASSWORDS = Map.of(
            "alice", "alice-pw", "bob", "bob-pw", "admin", "admin-pw");
    private static final ObjectMapper JSON = StoredJson.mapper();

    private final Process process;
    private final String baseUrl;
    private final Path log;

    private PackagedTally(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** @param settings the application's arguments, {@code --name=value} */
    public static PackagedTally start(Path output, String run, List<String> settings) throws IOException {
        int port = freePort();
        Files.createDirectories(output);
        // named after this JVM too: failsafe's two executions each keep their logs
        Path log = output.resolve("tally-" + ProcessHandle.current().pid() + "-" + run + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", packagedJar().toString(), "--server.port=" + port));
        command.addAll(settings);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // should this JVM end without running the test's clean-up, the application still goes with it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new PackagedTally(process, "http://localhost:" + port, log);
    }

    /** The jar that {@code ./mvnw package} (and so {@code verify}, before the integration tests) builds. */
    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("tally-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/tally-*.jar: run ./mvnw package first (./mvnw verify builds it)"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Ready when it answers an authenticated request, which needs the database and the security setup. */
    public void awaitReady(Api api) {
        await("Tally at " + baseUrl + " (log: " + log + ")").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Tally exited with " + process.exitValue()
                                + " before it was ready; see " + log);
                    }
                    try {
                        return api.get("alice", "/api/accounts").status() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** SIGKILL (destroyForcibly on Linux): no shutdown hook, no graceful stop. The exit code. */
    public int kill() {
        process.destroyForcibly();
        try {
            return process.waitFor();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing Tally", interrupted);
        }
    }

    /** An answer of the API: its status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                throw new AssertionError("not JSON (" + status + "): " + body, notJson);
            }
        }
    }

    /** The HTTP API as the demo users, with the JDK's client. */
    public static final class Api {

        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        private final String baseUrl;

        public Api(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Answer get(String user, String path) throws IOException, InterruptedException {
            return send(ApiRequests.request(baseUrl + path, user, PASSWORDS.get(user), "GET", null, null));
        }

        public Answer post(String user, String path, String json, String idempotencyKey)
                throws IOException, InterruptedException {
            return send(ApiRequests.request(baseUrl + path, user, PASSWORDS.get(user), "POST", json, idempotencyKey));
        }

        private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        }
    }
}
