package dev.tally.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a loopback port (the JDK's HttpServer): it records every request and
 * answers as the test says, by the request and how often this event has come.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    record Request(Instant at, String signature, String body, JsonNode json, int attempt) {
        String eventId() {
            return json.path("eventId").asText();
        }

        long sequence() {
            return json.path("sequence").asLong();
        }
    }

    /** How to answer: a status, after a pause (a pause longer than Tally's read timeout is no answer). */
    record Answer(int status, long pauseMillis) {
        static Answer status(int status) {
            return new Answer(status, 0);
        }

        static Answer after(long pauseMillis, int status) {
            return new Answer(status, pauseMillis);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile Function<Request, Answer> answers;

    Receiver(Function<Request, Answer> answers) throws IOException {
        this.answers = answers;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                JsonNode json = JSON.readTree(body);
                int attempt = attempts.computeIfAbsent(json.path("eventId").asText(), id -> new AtomicInteger())
                        .incrementAndGet();
                Request request = new Request(Instant.now(), exchange.getRequestHeaders().getFirst("Tally-Signature"),
                        body, json, attempt);
                requests.add(request);
                Answer answer = this.answers.apply(request);
                if (answer.pauseMillis() > 0) {
                    Thread.sleep(answer.pauseMillis());
                }
                exchange.sendResponseHeaders(answer.status(), -1);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static Receiver answering(int status) throws IOException {
        return new Receiver(request -> Answer.status(status));
    }

    void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests about one aggregate, in the order they came. */
    List<Request> of(String aggregateId) {
        return requests().stream().filter(request -> aggregateId.equals(request.json().path("aggregateId").asText()))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
