package dev.tally.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tally.support.ApiTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/** The "Operations" section of the API contract, health, metrics and the API description. */
class OperationsApiIT extends ApiTest {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private MeterRegistry meters;

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> processors() {
        return admin().get().uri("/api/admin/processors").exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    private Map<String, Object> processor(String name) {
        return processors().stream().filter(processor -> name.equals(processor.get("name"))).findFirst()
                .orElseThrow();
    }

    /** Three accounts of alice's, with a deposit each: no payment or deadline of theirs is pending. */
    private List<String> someAccounts() {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String accountId = (String) body(post(alice(), "/api/accounts", """
                    {"holderName": "Replay %d", "currency": "EUR"}""".formatted(i)).expectStatus().isCreated())
                    .get("accountId");
            post(alice(), "/api/accounts/" + accountId + "/deposits", """
                    {"amount": "1%d.50", "currency": "EUR"}""".formatted(i)).expectStatus().isOk();
            opened.add(accountId);
        }
        return opened;
    }

    private List<Map<String, Object>> accountSummaryRows() {
        return jdbc.queryForList("select * from account_summary order by account_id");
    }

    @Test
    void lists_every_streaming_processor_with_position_and_lag() {
        someAccounts();
        assertThat(processors()).extracting(processor -> processor.get("name")).contains(
                "account-summary", "order-summary", "payment-summary", "hourly-sales", "look-to-book",
                "abandoned-carts", "payment-process");
        eventually(() -> assertThat(processor("account-summary"))
                .containsEntry("running", true)
                .containsEntry("replaying", false)
                .containsEntry("segments", 4)
                .containsEntry("lag", 0)
                .containsEntry("lagSeconds", 0)
                .containsKey("position"));
        // this node holds all four segments (read from the token store, as every node would)
        assertThat((List<?>) processor("account-summary").get("nodes")).singleElement()
                .satisfies(node -> assertThat(((Map<?, ?>) node).get("segments")).isEqualTo(4));
    }

    @Test
    void a_replay_rebuilds_the_read_model_beside_the_old_one_which_answers_until_the_switch() {
        String accountId = someAccounts().get(0);
        eventually(() -> assertThat(processor("account-summary")).containsEntry("lag", 0));
        List<Map<String, Object>> fromTheEvents = accountSummaryRows();
        Map<String, Object> alices = fromTheEvents.stream().filter(row -> accountId.equals(row.get("account_id")))
                .findFirst().orElseThrow();
        // a row the events do not say: only a rebuild from the events puts it right
        jdbc.update("update account_summary set holder_name = 'Not from the events' where account_id = ?", accountId);

        post(admin(), "/api/admin/processors/account-summary/replay", "")
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.name").isEqualTo("account-summary");

        // the old read model answers while the new one is built (its copy never holds the false name)
        assertThat(processor("account-summary")).containsEntry("replaying", true).containsKey("progress");
        alice().get().uri("/api/accounts/" + accountId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.holderName").isEqualTo("Not from the events");
        // and every account is there at every moment, until and after the switch; read as the admin,
        // who may read every customer's account (the shared context holds other customers' too)
        List<Integer> statuses = new ArrayList<>();
        // the shared test context holds every other test's events too: the rebuild may take a while
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            for (Map<String, Object> row : fromTheEvents) {
                statuses.add(admin().get().uri("/api/accounts/" + row.get("account_id")).exchange()
                        .returnResult(String.class).getStatus().value());
            }
            assertThat(processor("account-summary")).containsEntry("replaying", false);
        });
        assertThat(statuses).isNotEmpty().containsOnly(200);
        // the rebuilt rows are the ones the events gave before; but the shared context's other tests
        // may have left payments whose deadlines or refunds move money on their accounts meanwhile:
        // a row of a later version is theirs to change
        Map<Object, Map<String, Object>> rebuilt = accountSummaryRows().stream()
                .collect(Collectors.toMap(row -> row.get("account_id"), row -> row));
        assertThat(rebuilt).containsKeys(fromTheEvents.stream().map(row -> row.get("account_id")).toArray());
        List<Map<String, Object>> unchanged = fromTheEvents.stream()
                .filter(row -> row.get("version").equals(rebuilt.get(row.get("account_id")).get("version")))
                .toList();
        assertThat(unchanged).contains(alices);
        assertThat(unchanged).allSatisfy(row -> assertThat(rebuilt.get(row.get("account_id"))).isEqualTo(row));
        alice().get().uri("/api/accounts/" + accountId).exchange()
                .expectBody().jsonPath("$.holderName").isEqualTo(alices.get("holder_name"));
        // the processor goes on from where the rebuild stopped: a new event still reaches the read model
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "1.00", "currency": "EUR"}""").expectStatus().isOk();
        eventually(() -> assertThat(processor("account-summary")).containsEntry("lag", 0).containsEntry("running", true));
        assertThat(jdbc.queryForObject("select version from account_summary where account_id = ?", Long.class,
                accountId)).isEqualTo(((Number) alices.get("version")).longValue() + 1);
    }

    @Test
    void a_claim_a_dead_node_left_on_the_rebuild_does_not_hold_the_next_one_up() {
        someAccounts();
        eventually(() -> assertThat(processor("account-summary")).containsEntry("replaying", false));
        // a node died while it rebuilt: its claim stays, never renewed
        jdbc.update("insert into token_entry (processor_name, segment, token, token_type, timestamp, owner)"
                        + " values ('account-summary.rebuild', 0, null, null, ?, 'a-dead-node')",
                Instant.now().minusSeconds(3600).toString());
        double rebuiltBefore = rebuilds();

        post(admin(), "/api/admin/processors/account-summary/replay", "").expectStatus().isAccepted();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(rebuilds()).isGreaterThan(rebuiltBefore));
        assertThat(jdbc.queryForObject("select count(*) from token_entry where owner = 'a-dead-node'", Integer.class))
                .isZero();
    }

    private double rebuilds() {
        Counter counter = meters.find("tally.processor.rebuilds").tag("processor", "account-summary").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void the_payment_process_is_never_replayed_and_unknown_processors_are_404() {
        post(admin(), "/api/admin/processors/payment-process/replay", "")
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:tally:problem:not-replayable")
                .jsonPath("$.detail").isEqualTo("Processor payment-process cannot be replayed: it does not support"
                        + " a reset (it has side effects).");
        post(admin(), "/api/admin/processors/no-such-processor/replay", "")
                .expectStatus().isEqualTo(404)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:tally:problem:unknown-processor")
                .jsonPath("$.status").isEqualTo(404);
    }

    @Test
    void are_for_admins_only() {
        expectProblem(alice().get().uri("/api/admin/processors").exchange(), 403);
        expectProblem(anonymous().get().uri("/api/admin/processors").exchange(), 401);
        expectProblem(post(alice(), "/api/admin/processors/account-summary/replay", ""), 403);
        expectProblem(alice().get().uri("/actuator/prometheus").exchange(), 403);
    }

    @Test
    void health_is_public_and_its_details_are_for_admins() {
        anonymous().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist();
        admin().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.eventProcessing.status").isEqualTo("UP")
                .jsonPath("$.components.eventProcessing.details['account-summary'].lag").exists()
                .jsonPath("$.components.db.status").isEqualTo("UP");
    }

    @Test
    void metrics_for_prometheus_include_commands_events_and_processors() {
        someAccounts();
        String metrics = admin().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("http_server_requests").contains("commandBus").contains("eventProcessor")
                .contains("tally_processor_lag{processor=\"account-summary\"}");
    }

    @Test
    void the_api_is_described_by_openapi_with_swagger_ui() {
        anonymous().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/accounts']").exists()
                .jsonPath("$.paths['/api/payments']").exists()
                .jsonPath("$.components.securitySchemes.basic.scheme").isEqualTo("basic")
                .jsonPath("$.paths['/api/accounts/{accountId}/withdrawals'].post.responses['422']"
                        + ".content['application/problem+json']").exists();
        anonymous().get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }
}
