package dev.tally.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.tally.support.EventStreamClient;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A stream is open as soon as it is asked for: its client hears from the server before any event
 * or heartbeat (here an hour away), and is told how soon to reconnect. A node that shuts down ends
 * its open streams first, so that its graceful shutdown (which waits up to 30 s for open requests)
 * does not wait for them, and their clients learn at once to reconnect, to another node.
 */
class StreamLifecycleIT {

    private final StandaloneApp tally = new StandaloneApp("tally.sse.heartbeat=1h");

    @Test
    void a_stream_opens_at_once_and_ends_when_the_node_shuts_down_without_holding_it_up() throws Exception {
        ConfigurableApplicationContext app = tally.start();
        EventStreamClient feed;
        EventStreamClient updates;
        try {
            RestTestClient alice = StandaloneApp.alice(app);
            String account = StandaloneApp.openAccount(alice);
            // open() waits for the response's headers, 10 s at most
            feed = EventStreamClient.open(url(app, "/api/events/stream"), "admin", "admin-pw");
            assertThat(feed.status()).isEqualTo(200);
            updates = EventStreamClient.open(url(app, "/api/accounts/" + account + "/updates"), "alice", "alice-pw");
            StandaloneApp.post(alice, "/api/accounts/" + account + "/deposits",
                    "{\"amount\": \"5.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
            // both streams are open and sending
            assertThat(feed.next(account)).contains("MoneyDeposited");
            assertThat(updates.next("5.00")).contains(account);
        } catch (RuntimeException | Error | InterruptedException failed) {
            app.close();
            throw failed;
        }

        long started = System.nanoTime();
        app.close();
        Duration shutdown = Duration.ofNanos(System.nanoTime() - started);

        assertThat(feed.endedWithin(Duration.ofSeconds(1))).isTrue();
        assertThat(updates.endedWithin(Duration.ofSeconds(1))).isTrue();
        // the graceful shutdown would have waited its 30 s for the two open requests
        assertThat(shutdown).isLessThan(Duration.ofSeconds(15));
        feed.close();
        updates.close();
    }

    private static String url(ConfigurableApplicationContext app, String path) {
        return "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path;
    }
}
