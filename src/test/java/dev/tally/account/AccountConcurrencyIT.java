package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Many clients depositing into one account at once: no update is lost, none is doubled. */
class AccountConcurrencyIT extends ApiTest {

    private static final int THREADS = 16;
    private static final int DEPOSITS_PER_THREAD = 25;

    @Test
    void every_concurrent_deposit_is_answered_200_and_stored_exactly_once() throws Exception {
        RestTestClient alice = alice();
        String id = (String) body(post(alice, "/api/accounts", """
                {"holderName": "Hot Account", "currency": "EUR"}""")).get("accountId");

        List<Callable<List<Integer>>> clients = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            clients.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int deposit = 0; deposit < DEPOSITS_PER_THREAD; deposit++) {
                    statuses.add(post(alice, "/api/accounts/" + id + "/deposits", """
                            {"amount": "1.25", "currency": "EUR"}""")
                            .returnResult(String.class).getStatus().value());
                }
                return statuses;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<List<Integer>> client : pool.invokeAll(clients)) {
                statuses.addAll(client.get());
            }
        } finally {
            pool.shutdown();
        }

        int total = THREADS * DEPOSITS_PER_THREAD;
        assertThat(statuses).hasSize(total).containsOnly(200);
        List<?> events = alice.get().uri("/api/accounts/{id}/events", id).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(events).hasSize(total + 1);
        alice.get().uri("/api/accounts/{id}?minVersion={v}", id, total).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(total)
                .jsonPath("$.balance").isEqualTo("500.00");
    }
}
