package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tally.shared.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The throttle in front of the password check, on one node: what counts as one user, attempts in
 * parallel, and memory bounded whatever user names an attacker invents.
 */
class LoginThrottleTest {

    private final AtomicInteger passwordChecks = new AtomicInteger();
    private volatile CountDownLatch slowChecks = new CountDownLatch(0);
    // every login that reaches the password check fails (after waiting for slowChecks)
    private final FilterChain wrongPassword = (request, response) -> {
        passwordChecks.incrementAndGet();
        try {
            slowChecks.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        ((MockHttpServletResponse) response).setStatus(401);
    };

    private LoginThrottle throttle(int failures, long pairs) {
        return new LoginThrottle(LoginThrottle.inMemory(new LoginThrottle.Settings(failures, Duration.ofMinutes(1), pairs)),
                mock(ProblemWriter.class));
    }

    /** Whether the attempt was refused (429 with Retry-After) instead of checked. */
    private boolean throttled(LoginThrottle throttle, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/auth/token");
        request.setRemoteAddr("203.0.113.7");
        request.addHeader("Authorization", authorization);
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(request, response, wrongPassword);
        // only a refusal sets it: the password check answers 401 without
        return response.getHeader("Retry-After") != null;
    }

    private static String basic(String user) {
        return "Basic " + encoded(user);
    }

    private static String encoded(String user) {
        return Base64.getEncoder().encodeToString((user + ":guess").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_same_user_in_other_letters_or_another_spelling_of_the_header_counts_as_the_same() throws Exception {
        LoginThrottle throttle = throttle(3, 100);
        assertThat(throttled(throttle, basic("alice"))).isFalse();
        assertThat(throttled(throttle, basic("Alice"))).isFalse();
        assertThat(throttled(throttle, "basic " + encoded("ALICE"))).isFalse();

        assertThat(throttled(throttle, basic("alice"))).isTrue();
        assertThat(throttled(throttle, basic("aLiCe"))).isTrue();
        assertThat(throttled(throttle, "BASIC " + encoded("alice"))).isTrue();
        assertThat(throttled(throttle, basic("bob"))).as("another user").isFalse();
    }

    @Test
    void attempts_in_parallel_get_no_more_password_checks_than_the_limit() throws Exception {
        LoginThrottle throttle = throttle(3, 100);
        slowChecks = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                attempts.add(clients.submit(() -> throttled(throttle, basic("alice"))));
            }
            // the checks under way hold their tokens; every attempt beyond them is refused meanwhile
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> attempts.stream().filter(Future::isDone).count() == 17 && passwordChecks.get() == 3);
            slowChecks.countDown();
            long refused = 0;
            for (Future<Boolean> attempt : attempts) {
                refused += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(passwordChecks.get()).isEqualTo(3);
            assertThat(refused).isEqualTo(17);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void invented_user_names_push_out_the_oldest_pairs_instead_of_growing_memory() throws Exception {
        LoginThrottle throttle = throttle(3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(throttled(throttle, basic("alice"))).isFalse();
        }
        assertThat(throttled(throttle, basic("alice"))).as("alice after 3 failures").isTrue();

        for (int i = 0; i < 10_000; i++) {
            throttled(throttle, basic("invented-" + i));
        }

        // at most 100 pairs are remembered: alice's went first (the price of a bounded memory)
        assertThat(throttled(throttle, basic("alice"))).isFalse();
    }
}
