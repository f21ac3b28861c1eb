package dev.tally.shared.tracing;

import java.util.function.BiConsumer;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The current trace as headers of a message that leaves Tally (W3C {@code traceparent}, with Boot's
 * defaults), so that its consumer continues the trace.
 *
 * <p>Not Spring Kafka's own observation: to name the cluster in its spans it asks the broker for
 * the cluster id before a send, and with the broker away each send then waited 30 s for that
 * before it could fail (the publisher's error went unseen for as long).
 */
@Component
public class TraceHeaders {

    private final Tracer tracer;
    private final Propagator propagator;

    TraceHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
    }

    /** Puts the current trace's headers; none when there is no trace (or no tracing). */
    public void inject(BiConsumer<String, String> header) {
        if (tracer == null || propagator == null) {
            return;
        }
        TraceContext current = tracer.currentTraceContext().context();
        if (current != null) {
            propagator.inject(current, header, BiConsumer::accept);
        }
    }
}
