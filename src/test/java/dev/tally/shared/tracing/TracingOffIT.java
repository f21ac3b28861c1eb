package dev.tally.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import dev.tally.support.ApiTest;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;

/**
 * With the default settings (no OTLP endpoint) nothing is exported, nor even recorded, while a
 * client's trace id still reaches the stored events (so logs and events of a request can be found
 * by it). Runs in the shared context of {@link ApiTest}, which has the default settings.
 */
class TracingOffIT extends ApiTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void by_default_there_is_no_exporter_and_no_span_is_recorded() {
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
        assertThat(context.getBean(SdkTracerProvider.class).getSampler()).isEqualTo(Sampler.alwaysOff());
    }

    @Test
    void by_default_a_client_s_trace_id_still_reaches_the_stored_events() {
        String accountId = (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Untraced", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        alice().post().uri("/api/accounts/{id}/deposits", accountId)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                .exchange().expectStatus().isOk();
        alice().get().uri("/api/accounts/{id}/events", accountId).exchange()
                .expectStatus().isOk().expectBody()
                // the same trace, not sampled here
                .jsonPath("$[1].metadata.traceparent").value(String.class,
                        parent -> assertThat(parent).startsWith("00-" + traceId + "-").endsWith("-00"));
    }
}
