package dev.tally.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A client of a server-sent event stream that collects the {@code data:} lines it receives. */
public final class EventStreamClient implements AutoCloseable {

    private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
    private volatile String lastId;
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(() -> {
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("id:")) {
                        lastId = line.substring("id:".length()).strip();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring("data:".length()));
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, "event-stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static EventStreamClient open(String url, String username, String password, String... headers)
            throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + credentials)
                .header("Accept", "text/event-stream")
                // until the response's headers: a stream is open at once, not with its first event
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        return new EventStreamClient(response);
    }

    public int status() {
        return response.statusCode();
    }

    /** The next data line that contains {@code text}, waiting up to 10 s; lines before it are dropped. */
    public String next(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = data.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("no event with " + text + " within 10 s");
    }

    /** The id of the last event received (what a browser would send back as {@code Last-Event-ID}). */
    public String lastId() {
        return lastId;
    }

    /** Whether the server ends the stream (the response body ends) within {@code time}. */
    public boolean endedWithin(Duration time) throws InterruptedException {
        reader.join(time.toMillis());
        return !reader.isAlive();
    }

    /** Every data line received by now. */
    public List<String> received() {
        return List.copyOf(data);
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
