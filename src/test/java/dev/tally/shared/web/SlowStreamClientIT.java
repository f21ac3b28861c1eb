package dev.tally.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.tally.support.EventStreamClient;
import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A client that opens the event feed and never reads (a raw socket with a tiny receive buffer)
 * holds up no one: the account-summary projection keeps up and another client's account updates
 * keep coming; once its connection takes nothing more, it is disconnected (its buffer of
 * {@code tally.streams.buffer} events full, or no write taken for {@code tally.streams.send-timeout}).
 */
class SlowStreamClientIT {

    private final StandaloneApp tally = new StandaloneApp("tally.streams.buffer=5", "tally.streams.send-timeout=2s",
            "tally.sse.heartbeat=300ms",
            // Tomcat's own write timeout (60 s) would drop the stuck client in the end: only Tally's rule may here
            "server.tomcat.connection-timeout=10m").with(SmallSendBuffers.class);

    /**
     * Small socket send buffers on the server, so that a client that reads nothing fills its
     * connection in a few hundred events rather than the megabytes the kernel would otherwise allow.
     */
    @Configuration(proxyBeanMethods = false)
    static class SmallSendBuffers {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffers() {
            return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize",
                    "4096"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_client_that_does_not_read_stalls_nothing_and_is_dropped() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            RestTestClient alice = StandaloneApp.alice(app);
            String busy = StandaloneApp.openAccount(alice);
            String watched = StandaloneApp.openAccount(alice);
            ServerSentEvents streams = app.getBean(ServerSentEvents.class);

            try (Socket stuck = stuckFeedClient(port);
                 EventStreamClient updates = EventStreamClient.open(
                         "http://localhost:" + port + "/api/accounts/" + watched + "/updates", "alice", "alice-pw")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 2);
                updates.next("\"version\":0");

                int deposits = 0;
                long version = 0;
                // the feed sends every deposit to the stuck client until its connection is full and it is dropped
                while (streams.openStreams() == 2) {
                    assertThat(deposits).as("deposits before the stuck client was dropped").isLessThan(1_500);
                    for (int i = 0; i < 50; i++, deposits++) {
                        deposit(alice, busy);
                    }
                    deposit(alice, watched);
                    version++;
                    // the other client's update arrives while the stuck one is being fed
                    updates.next("\"version\":" + version);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
                // and the projection never waited for it: the busy account shows every deposit
                int expected = deposits;
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Map<String, Object> account = alice.get().uri("/api/accounts/" + busy).exchange()
                            .returnResult(Map.class).getResponseBody();
                    return account != null && ((Number) account.get("version")).intValue() == expected;
                });
                deposit(alice, watched);
                updates.next("\"version\":" + (version + 1));
            }
        }
    }

    /** Asks for the whole feed (as an admin) and then never reads a byte of the answer. */
    private static Socket stuckFeedClient(int port) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024); // before connecting, so that the window stays small
        socket.connect(new InetSocketAddress("localhost", port));
        String credentials = Base64.getEncoder().encodeToString("admin:admin-pw".getBytes(StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/events/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Authorization: Basic " + credentials + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void deposit(RestTestClient client, String account) {
        StandaloneApp.post(client, "/api/accounts/" + account + "/deposits", "{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
    }
}
