package dev.tally.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.axonframework.tracing.attributes.PayloadTypeSpanAttributesProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Axon's spans on a real OpenTelemetry SDK through Micrometer's bridge, as Boot wires them. */
class MicrometerSpanFactoryTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    private MicrometerSpanFactory factory(Sampler sampler) {
        io.opentelemetry.api.trace.Tracer otel = SdkTracerProvider.builder()
                .setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build().get("test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {
        });
        MicrometerSpanFactory factory = new MicrometerSpanFactory(tracer,
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
        factory.registerSpanAttributeProvider(new PayloadTypeSpanAttributesProvider());
        return factory;
    }

    private static EventMessage<String> storedIn(String traceparent) {
        return GenericEventMessage.<String>asEventMessage("deposited")
                .andMetaData(MetaData.with("traceparent", traceparent));
    }

    private SpanData only(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).hasSize(1);
        return named.get(0);
    }

    @Nested
    class Recorded {

        private final MicrometerSpanFactory factory = factory(Sampler.alwaysOn());

        @Test
        void a_message_carries_the_context_it_was_sent_in_and_its_handler_continues_that_trace() {
            Span dispatch = factory.createDispatchSpan(() -> "EventBus.publishEvent",
                    GenericEventMessage.asEventMessage("deposited"));
            EventMessage<String> sent;
            dispatch.start();
            try (SpanScope ignored = dispatch.makeCurrent()) {
                sent = factory.propagateContext(GenericEventMessage.<String>asEventMessage("deposited"));
            } finally {
                dispatch.end();
            }
            // elsewhere (another thread, another node): only the message
            factory.createChildHandlerSpan(() -> "StreamingEventProcessor.process", sent).start().end();

            SpanData published = only("EventBus.publishEvent(String)");
            SpanData handled = only("StreamingEventProcessor.process(String)");
            // W3C: version, trace id, parent span id, flags (sampled; OpenTelemetry adds "random trace id")
            assertThat(sent.getMetaData().get("traceparent")).asString()
                    .matches("00-" + published.getTraceId() + "-" + published.getSpanId() + "-0[13]");
            assertThat(handled.getTraceId()).isEqualTo(published.getTraceId());
            assertThat(handled.getParentSpanId()).isEqualTo(published.getSpanId());
            assertThat(handled.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(handled.getAttributes().asMap().values()).contains(String.class.getName());
        }

        @Test
        void a_linked_handler_starts_a_trace_of_its_own_that_links_to_the_message_s() {
            factory.createLinkedHandlerSpan(() -> "DeadlineManager.executeDeadline",
                    storedIn("00-" + TRACE + "-" + SPAN + "-01")).start().end();

            SpanData fired = only("DeadlineManager.executeDeadline(String)");
            assertThat(fired.getTraceId()).isNotEqualTo(TRACE);
            assertThat(fired.getParentSpanContext().isValid()).isFalse();
            assertThat(fired.getLinks()).singleElement().satisfies(link -> {
                assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE);
                assertThat(link.getSpanContext().getSpanId()).isEqualTo(SPAN);
            });
        }

        @Test
        void an_unreadable_traceparent_is_no_link_and_no_failure() {
            factory.createLinkedHandlerSpan(() -> "DeadlineManager.executeDeadline", storedIn("junk")).start().end();
            assertThat(only("DeadlineManager.executeDeadline(String)").getLinks()).isEmpty();
        }

        @Test
        void an_internal_span_is_a_child_of_the_span_current_when_it_was_created() {
            Span outer = factory.createRootTrace(() -> "outer").start();
            Span inner;
            try (SpanScope ignored = outer.makeCurrent()) {
                inner = factory.createInternalSpan(() -> "inner");
            }
            // started after the outer span is no longer current
            inner.start().end();
            outer.end();
            assertThat(only("inner").getParentSpanId()).isEqualTo(only("outer").getSpanId());
        }
    }

    @Nested
    class NotRecorded {

        private final MicrometerSpanFactory factory = factory(Sampler.alwaysOff());

        @Test
        void nothing_is_recorded_yet_the_trace_id_still_reaches_the_message() {
            Span handler = factory.createChildHandlerSpan(() -> "CommandBus.handleCommand",
                    storedIn("00-" + TRACE + "-" + SPAN + "-01"));
            EventMessage<String> published;
            handler.start();
            try (SpanScope ignored = handler.makeCurrent()) {
                published = factory.propagateContext(GenericEventMessage.<String>asEventMessage("deposited"));
            } finally {
                handler.end();
            }
            assertThat(spans.getFinishedSpanItems()).isEmpty();
            assertThat((String) published.getMetaData().get("traceparent")).startsWith("00-" + TRACE + "-").endsWith("-00");
        }

        @Test
        void without_a_current_span_a_message_is_left_as_it_is() {
            EventMessage<String> message = GenericEventMessage.asEventMessage("deposited");
            assertThat(factory.propagateContext(message).getMetaData()).isEqualTo(Map.of());
        }
    }
}
