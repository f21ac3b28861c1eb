package dev.tally.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.support.EventStreamClient;
import dev.tally.support.HeldAppend;
import dev.tally.support.StandaloneApp;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The event feed reads with gap-aware tokens, as the processors do: an append that commits after a
 * later one (its transaction was slow) is still sent, to a client that joined while it was open and
 * to one that resumes with the id of an event sent while it was open. On H2 and PostgreSQL.
 */
class FeedGapsIT {

    private final StandaloneApp tally = new StandaloneApp();

    @Test
    void an_append_open_when_the_client_joined_is_sent_when_it_commits() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            String late = StandaloneApp.openAccount(alice);
            String other = StandaloneApp.openAccount(alice);
            HeldAppend held = HeldAppend.start(app, deposit(late));
            try (EventStreamClient feed = EventStreamClient.open(url(app), "admin", "admin-pw")) {
                StandaloneApp.post(alice, "/api/accounts/" + other + "/deposits",
                        "{\"amount\": \"5.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
                assertThat(feed.next(other)).contains("MoneyDeposited");
                assertThat(held.commit()).isTrue();

                assertThat(feed.next("\"description\":\"held open\"")).contains(late);
            }
        }
    }

    @Test
    void a_client_that_resumes_is_sent_an_append_that_committed_while_it_was_away() throws Exception {
        try (ConfigurableApplicationContext app = tally.start()) {
            RestTestClient alice = StandaloneApp.alice(app);
            String late = StandaloneApp.openAccount(alice);
            String other = StandaloneApp.openAccount(alice);
            String lastId;
            HeldAppend held;
            try (EventStreamClient feed = EventStreamClient.open(url(app), "admin", "admin-pw")) {
                held = HeldAppend.start(app, deposit(late));
                StandaloneApp.post(alice, "/api/accounts/" + other + "/deposits",
                        "{\"amount\": \"5.00\", \"currency\": \"EUR\"}").expectStatus().isOk();
                feed.next(other);
                lastId = feed.lastId();
            }
            // the id names the index still open below the event
            assertThat(lastId).isEqualTo((held.index() + 1) + ":" + held.index());
            assertThat(held.commit()).isTrue();

            try (EventStreamClient resumed = EventStreamClient.open(url(app), "admin", "admin-pw",
                    "Last-Event-ID", lastId)) {
                assertThat(resumed.next("\"description\":\"held open\"")).contains(late);
                assertThat(resumed.received()).noneMatch(line -> line.contains("\"amount\":5.00"));
            }
        }
    }

    @Test
    void a_position_that_is_not_one_the_feed_writes_is_a_bad_request() {
        try (ConfigurableApplicationContext app = tally.start()) {
            for (String id : new String[] {"7:9", "7:1,x", "-1", "7:1:2"}) {
                StandaloneApp.as(app, "admin", "admin-pw").get().uri("/api/events/stream")
                        .header("Last-Event-ID", id).exchange().expectStatus().isBadRequest();
            }
        }
    }

    private static GenericDomainEventMessage<MoneyDeposited> deposit(String account) {
        return new GenericDomainEventMessage<>("Account", account, 1,
                new MoneyDeposited(account, new BigDecimal("7.00"), "EUR", "held open", MoneyDeposited.API_CHANNEL),
                MetaData.with(TallyMetaData.USERNAME, "someone"), UUID.randomUUID().toString(), Instant.now());
    }

    private static String url(ConfigurableApplicationContext app) {
        return "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/api/events/stream";
    }
}
