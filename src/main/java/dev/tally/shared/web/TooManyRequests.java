package dev.tally.shared.web;

import java.time.Duration;

/**
 * A cap on what a node holds at once for clients ({@link StreamLimits}) is reached: 429 with
 * {@code Retry-After}. Not a {@link dev.tally.shared.DomainRejection}: the domain has nothing
 * against the request, the node is only full for now.
 */
public class TooManyRequests extends RuntimeException {

    private final String problemType;
    private final Duration retryAfter;

    /**
     * @param problemType the problem type's slug, e.g. {@code too-many-streams}
     * @param retryAfter  when trying again has a fair chance
     */
    public TooManyRequests(String problemType, String detail, Duration retryAfter) {
        // an expected answer, not a bug: no stack trace to fill in
        super(detail, null, false, false);
        this.problemType = problemType;
        this.retryAfter = retryAfter;
    }

    public String problemType() {
        return problemType;
    }

    /** Whole seconds, as {@code Retry-After} wants them: rounded up, at least 1. */
    public long retryAfterSeconds() {
        return wholeSeconds(retryAfter);
    }

    static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
