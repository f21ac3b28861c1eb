package dev.tally.shared.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.shared.web.ProblemWriter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed password logins throttled per (user name, client address) (api-contract.md,
 * "Authentication"): after {@code failures} failures within {@code window}, that pair's attempts
 * answer 429 with {@code Retry-After} until the window is over, without a password check, so
 * guessing is slow and wrong passwords cannot fill the cores with bcrypt. Other users, and the same
 * user from elsewhere, are not affected. Each pair has a Bucket4j bucket of {@code failures} tokens,
 * all back at once when the window is over; a failure (a 401 to HTTP Basic credentials) takes one.
 * The pairs live in a Caffeine cache of at most {@code pairs} entries, so an attacker inventing user
 * names cannot grow memory without limit (the oldest pairs go first). Counted per node.
 */
final class LoginThrottle extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";

    private final Settings settings;
    private final ProblemWriter problems;
    private final Cache<String, Bucket> failures;

    LoginThrottle(Settings settings, ProblemWriter problems) {
        this.settings = settings;
        this.problems = problems;
        this.failures = Caffeine.newBuilder()
                .maximumSize(settings.pairs())
                .expireAfterAccess(settings.window().multipliedBy(2))
                .build();
    }

    /** {@code tally.security.login-throttle.*}: the contract's 10 failures a minute, and how many pairs are tracked. */
    @ConfigurationProperties("tally.security.login-throttle")
    record Settings(@DefaultValue("10") int failures, @DefaultValue("1m") Duration window,
                    @DefaultValue("100000") long pairs) {
        Settings {
            if (failures < 1 || window.isNegative() || window.isZero() || pairs < 1) {
                throw new IllegalArgumentException("tally.security.login-throttle needs failures >= 1, a positive"
                        + " window and pairs >= 1");
            }
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = basicUserName(request);
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String pair = user + '\u0000' + request.getRemoteAddr();
        Bucket bucket = failures.getIfPresent(pair);
        if (bucket != null && bucket.getAvailableTokens() < 1) {
            long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(response, ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                    "Too many failed logins for this user from this address: try again in " + seconds
                            + " s."), request);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            failures.get(pair, key -> newBucket()).tryConsume(1);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.failures())
                        .refillIntervally(settings.failures(), settings.window()).build())
                .build();
    }

    /** The user name of HTTP Basic credentials, or null when the request carries none (or garbage). */
    private static String basicUserName(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
