package dev.tally.shared.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.shared.web.ProblemWriter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed password logins throttled per (user name, client address) (api-contract.md,
 * "Authentication"): after {@code failures} failures within {@code window}, that pair's attempts
 * answer 429 with {@code Retry-After} until the window is over, without a password check, so
 * guessing is slow and wrong passwords cannot fill the cores with bcrypt. Other users, and the same
 * user from elsewhere, are not affected. Each pair has a Bucket4j bucket of {@code failures} tokens,
 * all back at once when the window is over; every attempt with HTTP Basic credentials takes one
 * before its password is checked, and an attempt that did not fail (no 401) gives it back. The user
 * name counts as the user store reads it, case-insensitively; the client address is the one Tomcat
 * reports (behind a balancer, set {@code server.forward-headers-strategy} so that it is the client's).
 * On PostgreSQL the buckets live in a table every node shares (Bucket4j's PostgreSQL proxy manager),
 * so N nodes behind a balancer still allow 10 failures, not N x 10; expired buckets are removed as
 * it goes. On the embedded H2 database (one node) they live in a Caffeine cache of at most
 * {@code pairs} entries. Either way an attacker inventing user names cannot grow memory without
 * limit, and a pair is known only by a hash of it, so neither names a user.
 */
final class LoginThrottle extends OncePerRequestFilter {

    private static final BasicAuthenticationConverter BASIC = new BasicAuthenticationConverter();

    private final ProblemWriter problems;
    private final Buckets failures;

    LoginThrottle(Buckets failures, ProblemWriter problems) {
        this.problems = problems;
        this.failures = failures;
    }

    /** Where the pairs' buckets of failures live. */
    interface Buckets {

        /** The pair's bucket, made full if it has none. */
        Bucket of(String pair);
    }

    /** In this node's memory: for the embedded database, which only one node uses. */
    static Buckets inMemory(Settings settings) {
        Cache<String, Bucket> buckets = Caffeine.newBuilder()
                .maximumSize(settings.pairs())
                // evict on the caller's thread: the bound holds at once, not when a pool gets round to it
                .executor(Runnable::run)
                .expireAfterAccess(settings.window().multipliedBy(2))
                .build();
        return new Buckets() {
            @Override
            public Bucket of(String pair) {
                return buckets.get(pair, key -> Bucket.builder().addLimit(limit(settings)).build());
            }
        };
    }

    /** In the table {@code login_throttle_bucket} of PostgreSQL, which every node shares. */
    static Buckets shared(DataSource dataSource, Settings settings) {
        PostgreSQLSelectForUpdateBasedProxyManager<String> proxies = Bucket4jPostgreSQL
                .selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("login_throttle_bucket")
                // a bucket is worth keeping until it is full again
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(limit(settings)).build();
        AtomicLong nextCleanup = new AtomicLong();
        return new Buckets() {
            @Override
            public Bucket of(String pair) {
                long now = System.nanoTime();
                long due = nextCleanup.get();
                if (now - due >= 0 && nextCleanup.compareAndSet(due, now + settings.window().toNanos())) {
                    // at most once a window and on one thread, until a batch comes back short: the
                    // table holds only what is recent, however many names were invented
                    for (int batch = 0; batch < 1_000 && proxies.removeExpired(1_000) == 1_000; batch++) {
                        // each round removed a full batch; there may be more
                    }
                }
                return proxies.getProxy(pair, () -> configuration);
            }
        };
    }

    private static Bandwidth limit(Settings settings) {
        return Bandwidth.builder().capacity(settings.failures())
                .refillIntervally(settings.failures(), settings.window()).build();
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
        // the user name as the user store finds it (case-insensitively): Alice and ALICE are alice
        Bucket bucket = failures.of(pair(user.toLowerCase(Locale.ROOT), request.getRemoteAddr()));
        // taken before the password check and given back after a success, so that parallel attempts
        // cannot all pass the check before the first failure is counted
        ConsumptionProbe attempt = bucket.tryConsumeAndReturnRemaining(1);
        if (!attempt.isConsumed()) {
            long seconds = Math.max(1, (attempt.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(response, ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                    "Too many failed logins for this user from this address: try again in " + seconds
                            + " s."), request);
            return;
        }
        boolean failed = false;
        try {
            chain.doFilter(request, response);
            failed = response.getStatus() == HttpStatus.UNAUTHORIZED.value();
        } finally {
            if (!failed) {
                bucket.addTokens(1);
            }
        }
    }

    /** The pair, known by a hash of it: the throttle's memory (or table) names no user. */
    static String pair(String user, String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((user + '\u0000' + address).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }

    /**
     * The user name of HTTP Basic credentials as Spring Security's own filter reads them (so no
     * spelling of the header it accepts escapes the count), or null when there are none or garbage.
     */
    private static String basicUserName(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken credentials = BASIC.convert(request);
            return credentials == null ? null : credentials.getName();
        } catch (AuthenticationException unreadable) {
            return null;
        }
    }
}
