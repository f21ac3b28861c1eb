package dev.tally.shared.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces: Boot's Micrometer Tracing on OpenTelemetry traces every HTTP request (honouring a client's
 * W3C {@code traceparent}); Axon's spans join it through {@link MicrometerSpanFactory}. Spans are
 * recorded only when something exports them (an OTLP endpoint is configured, running.md
 * "Tracing"): without an exporter every span is left unsampled, so it costs no recording, while
 * trace ids still flow into messages and logs.
 */
@Configuration
class TracingConfig {

    @Bean
    SpanFactory spanFactory(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        Propagator carrier = propagator.getIfAvailable();
        return available == null || carrier == null ? NoOpSpanFactory.INSTANCE
                : new MicrometerSpanFactory(available, carrier);
    }

    /**
     * Nothing to export, nothing to record: Boot would sample spans into a processor that sends them
     * nowhere. With an exporter, Boot's sampler stands (management.tracing.sampling.probability).
     */
    @Bean
    SdkTracerProviderBuilderCustomizer recordOnlyWhenExported(ObjectProvider<SpanExporters> exporters) {
        return builder -> {
            SpanExporters configured = exporters.getIfAvailable();
            if (configured == null || !configured.iterator().hasNext()) {
                builder.setSampler(Sampler.alwaysOff());
            }
        };
    }
}
