package dev.tally.shared.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span.Kind;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.SpanUtils;

/**
 * Axon's spans (command dispatch and handling, event publication, each event processor's handling of
 * an event, saga steps, deadlines) as Micrometer Tracing spans, so they join the trace of the HTTP
 * request that Spring's observation opened (and, through it, a client's {@code traceparent}).
 *
 * <p>A message carries its trace context in its metadata (the propagator's fields: W3C
 * {@code traceparent}, with Boot's defaults), written by {@link #propagateContext} when a command is
 * dispatched or an event published, and stored with the event. A handler span is made from that
 * context, so an event handled later on a processor thread, or on another node, continues the trace
 * of the request that caused it.
 *
 * <p>It works as Axon's own OpenTelemetry span factory does (not served here): the parent of a
 * dispatch or internal span is the span current when Axon creates it, not when it starts it.
 * A span that is not recorded (not sampled) costs no names and no attributes.
 */
public class MicrometerSpanFactory implements SpanFactory {

    private static final Propagator.Getter<Message<?>> FROM_METADATA = (message, key) -> {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    };

    private final Tracer tracer;
    private final Propagator propagator;
    private final List<SpanAttributesProvider> attributeProviders = new CopyOnWriteArrayList<>();

    /** Spans made with the given tracer, their context carried in messages by the given propagator. */
    public MicrometerSpanFactory(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationName) {
        io.micrometer.tracing.Span.Builder builder = tracer.spanBuilder().setNoParent();
        io.micrometer.tracing.Span current = tracer.currentSpan();
        if (current != null) {
            builder.addLink(new Link(current));
        }
        return new MicrometerSpan(builder, operationName.get(), null);
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationName, Message<?> parentMessage, boolean isChildTrace,
                                  Message<?>... linkedParents) {
        io.micrometer.tracing.Span.Builder builder;
        if (isChildTrace) {
            // a message without a context leaves the builder without a parent: the span current at start
            builder = propagator.extract(parentMessage, FROM_METADATA);
        } else {
            builder = tracer.spanBuilder().setNoParent();
            link(builder, parentMessage);
        }
        for (Message<?> linked : linkedParents) {
            link(builder, linked);
        }
        return new MicrometerSpan(builder.kind(Kind.CONSUMER), operationName.get(), parentMessage);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationName, Message<?> parentMessage,
                                   Message<?>... linkedSiblings) {
        io.micrometer.tracing.Span.Builder builder = childOfCurrent().kind(Kind.PRODUCER);
        for (Message<?> linked : linkedSiblings) {
            link(builder, linked);
        }
        return new MicrometerSpan(builder, operationName.get(), parentMessage);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationName) {
        return new MicrometerSpan(childOfCurrent(), operationName.get(), null);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationName, Message<?> message) {
        return new MicrometerSpan(childOfCurrent(), operationName.get(), message);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        attributeProviders.add(provider);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M extends Message<?>> M propagateContext(M message) {
        TraceContext current = tracer.currentTraceContext().context();
        if (current == null) {
            return message;
        }
        Map<String, String> fields = new HashMap<>(4);
        propagator.inject(current, fields, Map::put);
        return fields.isEmpty() ? message : (M) message.andMetaData(fields);
    }

    /** The parent is taken now: Axon creates a span where it belongs and may start it elsewhere. */
    private io.micrometer.tracing.Span.Builder childOfCurrent() {
        io.micrometer.tracing.Span.Builder builder = tracer.spanBuilder();
        TraceContext current = tracer.currentTraceContext().context();
        return current == null ? builder.setNoParent() : builder.setParent(current);
    }

    private void link(io.micrometer.tracing.Span.Builder builder, Message<?> message) {
        TraceParent.of(message.getMetaData().get(TraceParent.FIELD))
                .map(parent -> parent.context(tracer))
                .ifPresent(context -> builder.addLink(new Link(context)));
    }

    /** Axon's span, started from a Micrometer span builder; named and described only if recorded. */
    private final class MicrometerSpan implements Span {

        private final io.micrometer.tracing.Span.Builder builder;
        private final String operation;
        private final Message<?> message;
        private io.micrometer.tracing.Span span;

        private MicrometerSpan(io.micrometer.tracing.Span.Builder builder, String operation, Message<?> message) {
            this.builder = builder;
            this.operation = operation;
            this.message = message;
        }

        @Override
        public Span start() {
            span = builder.name(operation).start();
            if (!span.isNoop() && message != null) {
                // Axon's naming: the operation and the message it concerns, e.g. CommandBus.handleCommand(DepositMoney)
                span.name(operation + "(" + SpanUtils.determineMessageName(message) + ")");
                for (SpanAttributesProvider provider : attributeProviders) {
                    provider.provideForMessage(message).forEach(span::tag);
                }
            }
            return this;
        }

        @Override
        public org.axonframework.tracing.SpanScope makeCurrent() {
            if (span == null) {
                return () -> {
                };
            }
            Tracer.SpanInScope scope = tracer.withSpan(span);
            return scope::close;
        }

        @Override
        public void end() {
            if (span != null) {
                span.end();
            }
        }

        @Override
        public Span recordException(Throwable failure) {
            if (span != null) {
                span.error(failure);
            }
            return this;
        }

        @Override
        public Span addAttribute(String key, String value) {
            if (span != null) {
                span.tag(key, value);
            }
            return this;
        }
    }
}
