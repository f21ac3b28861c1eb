package dev.tally.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import dev.tally.support.ApiTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * One request, one trace: the HTTP request, the command it sends, the event stored, each read
 * model's handling of it and each step of the payment process, under the trace id of the client's
 * {@code traceparent} (or of the server's own when the client sends none). Spans are caught in
 * memory; and, since an OTLP endpoint is set (the one setting that turns export on), a stand-in
 * collector receives them over HTTP.
 */
@Import(TracingIT.CaughtSpans.class)
class TracingIT extends ApiTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class CaughtSpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    /** Stands in for an OpenTelemetry collector: keeps every body posted to /v1/traces. */
    static final class Collector {
        static final List<byte[]> RECEIVED = new CopyOnWriteArrayList<>();
        static final HttpServer SERVER = start();

        private static HttpServer start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/v1/traces", exchange -> {
                    RECEIVED.add(exchange.getRequestBody().readAllBytes());
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                server.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @DynamicPropertySource
    static void exportTo(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://127.0.0.1:" + Collector.SERVER.getAddress().getPort() + "/v1/traces");
        // Boot's batch goes out every 5 s: sooner, so the test waits less
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
    }

    @AfterAll
    static void stopCollector() {
        Collector.SERVER.stop(0);
    }

    @Autowired
    private InMemorySpanExporter spans;

    @Test
    void a_deposit_is_one_trace_from_the_request_to_the_read_model_under_the_client_s_trace_id() {
        String accountId = openAccount(alice());
        String traceId = newTraceId();
        String clientSpan = HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits());

        alice().post().uri("/api/accounts/{id}/deposits", accountId)
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\": \"10.00\", \"currency\": \"EUR\"}")
                .exchange()
                .expectStatus().isOk()
                // the correlation id stays as it was
                .expectHeader().exists("X-Correlation-Id");

        eventually(() -> {
            List<SpanData> trace = trace(traceId);
            assertThat(names(trace)).contains(
                    "CommandBus.dispatchCommand(DepositMoney)",
                    "CommandBus.handleCommand(DepositMoney)",
                    "EventBus.publishEvent(MoneyDeposited)",
                    "StreamingEventProcessor.process(MoneyDeposited)",
                    "AccountProjection.on(AccountEvent,DomainEventMessage)");
            SpanData request = theRequest(trace);
            // the client's span is the parent of the request's, and every other span hangs below it
            assertThat(request.getParentSpanId()).isEqualTo(clientSpan);
            assertConnected(trace, request);
        });
        // the stored event carries the trace, beside the correlation id it carried before
        alice().get().uri("/api/accounts/{id}/events", accountId).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[1].type").isEqualTo("MoneyDeposited")
                .jsonPath("$[1].metadata.traceparent").value(String.class,
                        parent -> assertThat(parent).startsWith("00-" + traceId + "-"))
                .jsonPath("$[1].metadata.traceId").isNotEmpty();
    }

    @Test
    void a_request_without_a_traceparent_starts_a_trace_of_its_own_that_its_events_continue() {
        String accountId = openAccount(alice());
        String traceparent = (String) ((Map<?, ?>) ((Map<?, ?>) alice().get()
                .uri("/api/accounts/{id}/events", accountId).exchange()
                .expectBody(List.class).returnResult().getResponseBody().get(0)).get("metadata")).get("traceparent");
        String traceId = traceparent.split("-")[1];

        eventually(() -> {
            List<SpanData> trace = trace(traceId);
            assertThat(names(trace)).contains("CommandBus.handleCommand(OpenAccount)",
                    "StreamingEventProcessor.process(AccountOpened)",
                    "AccountProjection.on(AccountEvent,DomainEventMessage)");
            SpanData request = theRequest(trace);
            assertThat(request.getParentSpanContext().isValid()).isFalse();
            assertConnected(trace, request);
        });
    }

    @Test
    void every_step_of_the_payment_process_is_in_the_trace_of_the_payment_request() {
        String accountId = openAccount(alice());
        post(alice(), "/api/accounts/" + accountId + "/deposits", "{\"amount\": \"50.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
        String traceId = newTraceId();

        String paymentId = (String) body(alice().post().uri("/api/payments")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"accountId\": \"%s\", \"amount\": \"20.00\", \"currency\": \"EUR\", \"description\": \"books\"}"
                        .formatted(accountId))
                .exchange().expectStatus().isCreated()).get("paymentId");
        eventually(() -> alice().get().uri("/api/payments/{id}", paymentId).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED"));

        eventually(() -> {
            List<SpanData> trace = trace(traceId);
            assertThat(names(trace)).contains(
                    "SagaManager.createSaga(PaymentProcess)(PaymentRequested)",
                    // the process debits the account, hears of the debit and completes the payment
                    "CommandBus.handleCommand(DebitForPayment)",
                    "SagaManager.invokeSaga(PaymentProcess)(AccountDebited)",
                    "CommandBus.handleCommand(CompletePayment)",
                    "StreamingEventProcessor.process(PaymentCompleted)");
            assertConnected(trace, theRequest(trace));
        });
    }

    @Test
    void with_an_otlp_endpoint_set_the_spans_are_exported_to_it() {
        String traceId = newTraceId();
        alice().get().uri("/api/accounts")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange().expectStatus().isOk();
        // OTLP's protobuf holds a trace id as its 16 bytes
        byte[] id = HexFormat.of().parseHex(traceId);
        eventually(() -> assertThat(Collector.RECEIVED).anySatisfy(body -> assertThat(contains(body, id)).isTrue()));
    }

    private String openAccount(RestTestClient client) {
        return (String) body(post(client, "/api/accounts", """
                {"holderName": "Traced", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static Set<String> names(List<SpanData> trace) {
        return trace.stream().map(SpanData::getName).collect(Collectors.toSet());
    }

    /** The span of the HTTP request (Spring's observation of the server side). */
    private static SpanData theRequest(List<SpanData> trace) {
        List<SpanData> servers = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
        assertThat(servers).hasSize(1);
        return servers.get(0);
    }

    /** Every span of the trace descends from the request's: one tree, no stray roots. */
    private static void assertConnected(List<SpanData> trace, SpanData root) {
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span));
        for (SpanData span : trace) {
            SpanData ancestor = span;
            while (ancestor != root) {
                ancestor = byId.get(ancestor.getParentSpanId());
                assertThat(ancestor).as("an ancestor of %s in the trace", span.getName()).isNotNull();
            }
        }
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
