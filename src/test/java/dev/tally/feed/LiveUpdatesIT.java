package dev.tally.feed;

import static org.assertj.core.api.Assertions.assertThat;


import dev.tally.shared.web.ServerSentEvents;
import dev.tally.support.ApiTest;
import dev.tally.support.EventStreamClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Server-sent events: an account's view after every change (following the event store), and
 * the feed of stored events (the caller's; an admin's: all). A client that goes frees its stream.
 */
class LiveUpdatesIT extends ApiTest {

    @Autowired
    private ServerSentEvents sse;

    private String account(String user) {
        return (String) body(post(as(user, user + "-pw"), "/api/accounts", """
                {"holderName": "Live", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
    }

    private void deposit(String user, String accountId, String amount) {
        post(as(user, user + "-pw"), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "%s", "currency": "EUR"}""".formatted(amount)).expectStatus().isOk();
    }

    @Test
    void an_account_streams_its_view_after_every_change_and_a_closed_client_frees_the_subscription()
            throws Exception {
        String accountId = account("alice");
        // streams of earlier tests close at their next heartbeat
        eventually(() -> assertThat(sse.openStreams()).isZero());
        int streamsBefore = 0;
        try (EventStreamClient updates = EventStreamClient.open(
                baseUrl() + "/api/accounts/" + accountId + "/updates", "alice", "alice-pw")) {
            assertThat(updates.status()).isEqualTo(200);
            updates.next("\"balance\":\"0.00\"");
            deposit("alice", accountId, "12.50");
            assertThat(updates.next("\"balance\":\"12.50\"")).contains("\"version\":1");
            deposit("alice", accountId, "0.50");
            updates.next("\"balance\":\"13.00\"");
            assertThat(sse.openStreams()).isEqualTo(streamsBefore + 1);
        }
        eventually(() -> {
            assertThat(sse.openStreams()).isEqualTo(streamsBefore);
        });
    }

    @Test
    void another_customers_account_cannot_be_watched() {
        String accountId = account("alice");
        expectProblem(bob().get().uri("/api/accounts/{id}/updates", accountId).exchange(), 404);
        anonymous().get().uri("/api/accounts/{id}/updates", accountId).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void the_event_feed_streams_the_callers_events_of_the_types_asked_for_and_an_admin_sees_all()
            throws Exception {
        String alices = account("alice");
        String bobs = account("bob");
        try (EventStreamClient alice = EventStreamClient.open(
                baseUrl() + "/api/events/stream?types=MoneyDeposited", "alice", "alice-pw");
             EventStreamClient admin = EventStreamClient.open(
                     baseUrl() + "/api/events/stream", "admin", "admin-pw")) {
            deposit("bob", bobs, "7.00");
            deposit("alice", alices, "3.00");

            String deposited = alice.next(alices);
            assertThat(deposited).contains("\"type\":\"MoneyDeposited\"").contains("\"aggregateType\":\"Account\"")
                    .contains("\"username\":\"" + subjectOf("alice") + "\"");
            admin.next(bobs);
            admin.next(alices);
            assertThat(alice.received()).noneMatch(line -> line.contains(bobs));
        }
    }

    @Test
    void the_event_feed_resumes_after_the_last_event_id() throws Exception {
        String accountId = account("alice");
        long lastSeen;
        try (EventStreamClient feed = EventStreamClient.open(
                baseUrl() + "/api/events/stream?types=MoneyDeposited", "alice", "alice-pw")) {
            deposit("alice", accountId, "1.00");
            String first = feed.next(accountId);
            lastSeen = Long.parseLong(first.replaceAll(".*\"globalIndex\":(\\d+).*", "$1"));
        }
        deposit("alice", accountId, "2.00");
        try (EventStreamClient resumed = EventStreamClient.open(
                baseUrl() + "/api/events/stream?types=MoneyDeposited", "alice", "alice-pw",
                "Last-Event-ID", Long.toString(lastSeen))) {
            assertThat(resumed.next(accountId)).contains("\"amount\":2.00");
            assertThat(resumed.received()).noneMatch(line -> line.contains("\"amount\":1.00"));
        }
    }
}
