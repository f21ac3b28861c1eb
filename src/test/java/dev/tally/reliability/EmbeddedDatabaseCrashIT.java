package dev.tally.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.support.PackagedTally;
import dev.tally.support.PackagedTally.Answer;
import dev.tally.support.PackagedTally.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on its embedded default (an H2 file under {@code tally.data-dir}, nothing else
 * configured) killed with SIGKILL while eight clients deposit, then started again on the same files:
 * every deposit answered 200 is stored, at the version the answer gave. A 200 means the event is
 * in the database file, not in a write buffer that the kill throws away (H2 writes its commits
 * with a delay unless told otherwise).
 */
class EmbeddedDatabaseCrashIT {

    private static final Path OUTPUT = Path.of("target", "crash-recovery-h2");
    private static final int CLIENTS = 8;
    private static final int ACCOUNTS = 4;
    /** Deposits acknowledged before the kill: enough that some were surely in H2's write buffer. */
    private static final int ENOUGH = 60;

    private final List<PackagedTally> started = new ArrayList<>();

    @AfterEach
    void noApplicationOutlivesTheTest() {
        started.forEach(PackagedTally::kill);
    }

    private PackagedTally start(Path dataDir, String run) throws IOException {
        PackagedTally tally = PackagedTally.start(OUTPUT, run, List.of("--tally.data-dir=" + dataDir));
        started.add(tally);
        return tally;
    }

    private static int acknowledgedIn(Map<String, Set<Long>> acknowledged) {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }

    @Test
    void every_deposit_answered_before_the_kill_is_stored() throws Exception {
        Path dataDir = OUTPUT.resolve("data-" + UUID.randomUUID()).toAbsolutePath();
        PackagedTally first = start(dataDir, "h2-before-kill");
        Api api = new Api(first.baseUrl());
        first.awaitReady(api);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            Answer opened = api.post("alice", "/api/accounts", """
                    {"holderName": "Crash", "currency": "EUR"}""", null);
            assertThat(opened.status()).isEqualTo(201);
            accounts.add(opened.json().get("accountId").asText());
        }

        // the versions each account's deposits were acknowledged at
        Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            running.add(clients.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    String accountId = accounts.get(ThreadLocalRandom.current().nextInt(ACCOUNTS));
                    try {
                        Answer deposit = api.post("alice", "/api/accounts/" + accountId + "/deposits", """
                                {"amount": "1.00", "currency": "EUR"}""", null);
                        if (deposit.status() == 200) {
                            acknowledged.computeIfAbsent(accountId, id -> ConcurrentHashMap.newKeySet())
                                    .add(deposit.json().get("version").asLong());
                        }
                    } catch (IOException killed) {
                        return null;
                    }
                }
                return null;
            }));
        }
        // deposits for a while (bcrypt on every request: a few dozen a second on two cores), then the
        // kill in the middle of them
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        while (acknowledgedIn(acknowledged) < ENOUGH && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(first.kill()).isEqualTo(137);
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdownNow();
        assertThat(acknowledgedIn(acknowledged)).as("deposits acknowledged").isGreaterThanOrEqualTo(ENOUGH);

        PackagedTally second = start(dataDir, "h2-after-restart");
        Api again = new Api(second.baseUrl());
        second.awaitReady(again);
        for (String accountId : accounts) {
            Answer events = again.get("alice", "/api/accounts/" + accountId + "/events");
            assertThat(events.status()).isEqualTo(200);
            Set<Long> storedDeposits = new HashSet<>();
            for (JsonNode event : events.json()) {
                if (event.get("type").asText().equals("MoneyDeposited")) {
                    storedDeposits.add(event.get("sequence").asLong());
                }
            }
            assertThat(storedDeposits).as("deposits stored on account " + accountId)
                    .containsAll(acknowledged.getOrDefault(accountId, Set.of()));
        }
    }
}
