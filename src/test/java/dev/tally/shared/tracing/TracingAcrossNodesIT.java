package dev.tally.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.tally.TallyApplication;
import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.StandaloneApp;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Two nodes on one PostgreSQL event store, sharing the account-summary processor's segments: a
 * deposit asked of the first node and projected by the second is still one trace, the second
 * node's handler spans hanging below the first node's request (the context travels in the stored
 * event's metadata). Each node exports to spans of its own, caught in memory.
 */
class TracingAcrossNodesIT {

    private static ConfigurableApplicationContext node(String databaseUrl, InMemorySpanExporter spans) {
        return new SpringApplicationBuilder(TallyApplication.class)
                .profiles("demo", "postgres")
                .initializers(context -> context.getBeanFactory().registerSingleton("caughtSpans", spans))
                .run("--server.port=0", "--spring.datasource.url=" + databaseUrl,
                        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                        "--tally.processors.balance-interval=1s",
                        "--axon.eventhandling.processors.account-summary.token-claim-interval=1000",
                        "--management.opentelemetry.tracing.export.schedule-delay=100ms");
    }

    @Test
    void an_event_projected_on_another_node_continues_the_trace_of_the_request() {
        InMemorySpanExporter spansOfFirst = InMemorySpanExporter.create();
        InMemorySpanExporter spansOfSecond = InMemorySpanExporter.create();
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext first = node(database, spansOfFirst);
             ConfigurableApplicationContext second = node(database, spansOfSecond)) {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            // the two nodes share the processor's four segments, two each
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select owner, count(*) as segments from token_entry where processor_name = ? group by owner",
                    "account-summary"))
                    .hasSize(2)
                    .allSatisfy(owner -> assertThat(((Number) owner.get("segments")).intValue()).isEqualTo(2)));

            // deposits to accounts spread over the segments, all asked of the first node
            RestTestClient alice = StandaloneApp.alice(first);
            List<String> traces = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String accountId = StandaloneApp.openAccount(alice);
                String traceId = UUID.randomUUID().toString().replace("-", "");
                alice.post().uri("/api/accounts/{id}/deposits", accountId)
                        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                        .exchange().expectStatus().isOk();
                traces.add(traceId);
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<SpanData> all = Stream.concat(spansOfFirst.getFinishedSpanItems().stream(),
                        spansOfSecond.getFinishedSpanItems().stream()).toList();
                for (String traceId : traces) {
                    List<SpanData> trace = all.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
                    assertThat(trace).extracting(SpanData::getName)
                            .contains("AccountProjection.on(AccountEvent,DomainEventMessage)");
                    assertConnected(trace);
                }
                // and some of them were projected by the second node, in the first node's traces
                Set<String> projectedBySecond = spansOfSecond.getFinishedSpanItems().stream()
                        .filter(span -> span.getName().equals("StreamingEventProcessor.process(MoneyDeposited)"))
                        .map(SpanData::getTraceId)
                        .collect(Collectors.toSet());
                assertThat(projectedBySecond).containsAnyElementsOf(traces);
            });
            // the requests themselves were all served by the first node
            assertThat(spansOfSecond.getFinishedSpanItems()).noneMatch(span -> span.getKind() == SpanKind.SERVER
                    && traces.contains(span.getTraceId()));
        }
    }

    /** Every span descends from the one request span of the trace, across both nodes. */
    private static void assertConnected(List<SpanData> trace) {
        List<SpanData> servers = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
        assertThat(servers).hasSize(1);
        SpanData root = servers.get(0);
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span));
        for (SpanData span : trace) {
            SpanData ancestor = span;
            while (ancestor != root) {
                ancestor = byId.get(ancestor.getParentSpanId());
                assertThat(ancestor).as("an ancestor of %s in the trace", span.getName()).isNotNull();
            }
        }
    }
}
