package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tally.shared.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The throttle's memory on one node: bounded, whatever user names an attacker invents. */
class LoginThrottleTest {

    private final AtomicInteger passwordChecks = new AtomicInteger();
    // every login that reaches the password check fails
    private final FilterChain wrongPassword = (request, response) -> {
        passwordChecks.incrementAndGet();
        ((MockHttpServletResponse) response).setStatus(401);
    };

    private boolean throttled(LoginThrottle throttle, String user) throws Exception {
        MockHttpServletRequest request = request(user);
        MockHttpServletResponse response = new MockHttpServletResponse();
        int before = passwordChecks.get();
        throttle.doFilter(request, response, wrongPassword);
        return passwordChecks.get() == before && response.getHeader("Retry-After") != null;
    }

    @Test
    void invented_user_names_push_out_the_oldest_pairs_instead_of_growing_memory() throws Exception {
        LoginThrottle.Buckets buckets = LoginThrottle.inMemory(new LoginThrottle.Settings(3, Duration.ofMinutes(1), 100));
        LoginThrottle throttle = new LoginThrottle(buckets, mock(ProblemWriter.class));
        for (int i = 0; i < 3; i++) {
            assertThat(throttled(throttle, "alice")).isFalse();
        }
        assertThat(throttled(throttle, "alice")).as("alice after 3 failures").isTrue();

        for (int i = 0; i < 10_000; i++) {
            throttle.doFilter(request("invented-" + i), new MockHttpServletResponse(), wrongPassword);
        }

        long remembered = java.util.stream.IntStream.range(0, 10_000)
                .filter(i -> buckets.existing(LoginThrottle.pair("invented-" + i, "203.0.113.7")).isPresent()).count();
        assertThat(remembered).as("pairs remembered of 10,000 invented names").isLessThanOrEqualTo(100);
    }

    private static MockHttpServletRequest request(String user) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/auth/token");
        request.setRemoteAddr("203.0.113.7");
        request.addHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":guess").getBytes(StandardCharsets.UTF_8)));
        return request;
    }
}
