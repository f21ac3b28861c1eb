package dev.tally.shared.tracing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * A W3C {@code traceparent} as a message's metadata carries it, read for a span link: a link needs
 * the other span's context, which Micrometer's propagator only hands out as a parent. Used where
 * Axon starts a new trace for a message instead of continuing the message's own (a deadline firing,
 * an event handled long after it was stored); anything unreadable is no link.
 */
record TraceParent(String traceId, String spanId, boolean sampled) {

    static final String FIELD = "traceparent";
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    static Optional<TraceParent> of(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(value.toString());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        boolean sampled = (Integer.parseInt(matcher.group(3), 16) & 1) == 1;
        return Optional.of(new TraceParent(matcher.group(1), matcher.group(2), sampled));
    }

    TraceContext context(Tracer tracer) {
        return tracer.traceContextBuilder().traceId(traceId).spanId(spanId).sampled(sampled).build();
    }
}
