package dev.tally.shared.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.shared.web.ProblemWriter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed password logins throttled per (user name, client address) (api-contract.md,
 * "Authentication"): after {@code failures} failures within {@code window}, that pair's attempts
 * answer 429 with {@code Retry-After} until the window is over, without a password check, so
 * guessing is slow and wrong passwords cannot fill the cores with bcrypt. Other users, and the same
 * user from elsewhere, are not affected. Each pair has a Bucket4j bucket of {@code failures} tokens,
 * all back at once when the window is over; a failure (a 401 to HTTP Basic credentials) takes one.
 * On PostgreSQL the buckets live in a table every node shares (Bucket4j's PostgreSQL proxy manager),
 * so N nodes behind a balancer still allow 10 failures, not N x 10; expired buckets are removed as
 * it goes. On the embedded H2 database (one node) they live in a Caffeine cache of at most
 * {@code pairs} entries. Either way an attacker inventing user names cannot grow memory without
 * limit, and a pair is known only by a hash of it, so neither names a user.
 */
final class LoginThrottle extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";

    private final ProblemWriter problems;
    private final Buckets failures;

    LoginThrottle(Buckets failures, ProblemWriter problems) {
        this.problems = problems;
        this.failures = failures;
    }

    /** Where the pairs' buckets of failures live. */
    interface Buckets {

        /** The pair's bucket if it failed within the window. */
        Optional<Bucket> existing(String pair);

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
            public Optional<Bucket> existing(String pair) {
                return Optional.ofNullable(buckets.getIfPresent(pair));
            }

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
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return new Buckets() {
            @Override
            public Optional<Bucket> existing(String pair) {
                // a plain read: Bucket4j's own lookup locks the row by inserting an empty one, which a
                // successful login would leave behind for good
                return jdbc.queryForList("select id from login_throttle_bucket where id = ? and state is not null",
                                String.class, pair).isEmpty()
                        ? Optional.empty() : Optional.of(proxies.getProxy(pair, () -> configuration));
            }

            @Override
            public Bucket of(String pair) {
                long now = System.nanoTime();
                long due = nextCleanup.get();
                if (now - due >= 0 && nextCleanup.compareAndSet(due, now + settings.window().toNanos())) {
                    // at most once a window and on one thread: the table holds only what is recent
                    proxies.removeExpired(1_000);
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
        String pair = pair(user, request.getRemoteAddr());
        Optional<Bucket> bucket = failures.existing(pair);
        if (bucket.isPresent() && bucket.get().getAvailableTokens() < 1) {
            long waitNanos = bucket.get().estimateAbilityToConsume(1).getNanosToWaitForRefill();
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(response, ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                    "Too many failed logins for this user from this address: try again in " + seconds
                            + " s."), request);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            failures.of(pair).tryConsume(1);
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
