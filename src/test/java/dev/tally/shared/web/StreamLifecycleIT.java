package dev.tally.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import dev.tally.support.EventStreamClient;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A stream is open as soon as it is asked for: its client hears from the server before any event
 * or heartbeat (here an hour away), and is told how soon to reconnect. A node that shuts down ends
 * its open streams first, while its web server still serves: its graceful shutdown (which waits up
 * to 30 s for open requests) has none to wait for, and their clients learn at once to reconnect, to
 * another node.
 */
class StreamLifecycleIT {

    private final StandaloneApp tally = new StandaloneApp("tally.sse.heartbeat=1h");

    @Test
    void a_stream_opens_at_once_and_ends_when_the_node_stops_serving_streams() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            String account = StandaloneApp.openAccount(alice);
            // open() waits for the response's headers, 10 s at most
            EventStreamClient feed = EventStreamClient.open(url(app, "/api/events/stream"), "admin", "admin-pw");
            assertThat(feed.status()).isEqualTo(200);
            EventStreamClient updates = EventStreamClient.open(url(app, "/api/accounts/" + account + "/updates"),
                    "alice", "alice-pw");
            StandaloneApp.post(alice, "/api/accounts/" + account + "/deposits",
                    "{\"amount\": \"5.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
            // both streams are open and sending
            assertThat(feed.next(account)).contains("MoneyDeposited");
            assertThat(updates.next("5.00")).contains(account);

            // what a shutdown does first, while the web server still serves
            ServerSentEvents streams = app.getBean(ServerSentEvents.class);
            streams.stop();
            assertThat(feed.endedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(updates.endedWithin(Duration.ofSeconds(5))).isTrue();
            // a stream asked for meanwhile ends at once
            EventStreamClient late = EventStreamClient.open(url(app, "/api/events/stream"), "admin", "admin-pw");
            assertThat(late.endedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(streams.openStreams()).isZero();

            // started again (a paused context), streams stay open
            streams.start();
            EventStreamClient again = EventStreamClient.open(url(app, "/api/events/stream"), "admin", "admin-pw");
            assertThat(again.endedWithin(Duration.ofSeconds(2))).isFalse();
            Stream.of(feed, updates, late, again).forEach(EventStreamClient::close);
        }
    }

    @Test
    void an_open_stream_does_not_hold_up_the_shutdown() throws Exception {
        ConfigurableApplicationContext app = tally.start();
        EventStreamClient feed;
        try {
            feed = EventStreamClient.open(url(app, "/api/events/stream"), "admin", "admin-pw");
            assertThat(feed.endedWithin(Duration.ofMillis(500))).isFalse();
        } catch (Exception | Error failed) {
            app.close();
            throw failed;
        }

        long started = System.nanoTime();
        app.close();
        Duration shutdown = Duration.ofNanos(System.nanoTime() - started);

        // the graceful shutdown would have waited its 30 s for the open request
        assertThat(shutdown).isLessThan(Duration.ofSeconds(25));
        assertThat(feed.endedWithin(Duration.ofSeconds(1))).isTrue();
        feed.close();
    }

    private static String url(ConfigurableApplicationContext app, String path) {
        return "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path;
    }
}
