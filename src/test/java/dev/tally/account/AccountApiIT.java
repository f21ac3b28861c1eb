package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The "Accounts" section of the API contract, through HTTP. */
class AccountApiIT extends ApiTest {

    private String open(RestTestClient client, String json) {
        return (String) body(post(client, "/api/accounts", json).expectStatus().isCreated()).get("accountId");
    }

    private String openEur(RestTestClient client) {
        return open(client, """
                {"holderName": "Alice Liddell", "currency": "EUR"}""");
    }

    private void deposit(RestTestClient client, String accountId, String amount) {
        post(client, "/api/accounts/" + accountId + "/deposits", """
                {"amount": "%s", "currency": "EUR"}""".formatted(amount)).expectStatus().isOk();
    }

    private List<?> events(String accountId) {
        return alice().get().uri("/api/accounts/{id}/events", accountId).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    @Nested
    class Opening {

        @Test
        void answers_201_with_location_id_and_version_0() {
            post(alice(), "/api/accounts", """
                    {"holderName": "  Alice Liddell  ", "currency": "EUR", "overdraftLimit": 100}""")
                    .expectStatus().isCreated()
                    .expectHeader().value(HttpHeaders.LOCATION, location ->
                            assertThat(location).matches(".*/api/accounts/[0-9a-f-]{36}$"))
                    .expectBody()
                    .jsonPath("$.accountId").isNotEmpty()
                    .jsonPath("$.version").isEqualTo(0);
        }

        @Test
        void the_new_account_reads_back_with_trimmed_name_and_exact_money() {
            String id = open(alice(), """
                    {"holderName": "  Alice Liddell  ", "currency": "JPY", "overdraftLimit": "500"}""");
            alice().get().uri("/api/accounts/{id}?minVersion=0", id).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"")
                    .expectBody()
                    .jsonPath("$.accountId").isEqualTo(id)
                    .jsonPath("$.holderName").isEqualTo("Alice Liddell")
                    .jsonPath("$.currency").isEqualTo("JPY")
                    .jsonPath("$.balance").isEqualTo("0")
                    .jsonPath("$.overdraftLimit").isEqualTo("500")
                    .jsonPath("$.status").isEqualTo("OPEN")
                    .jsonPath("$.version").isEqualTo(0)
                    .jsonPath("$.openedAt").value(String.class, at -> assertThat(Instant.parse(at)).isNotNull());
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"holderName\": \"   \", \"currency\": \"EUR\"}",
                "{\"currency\": \"EUR\"}",
                "{\"holderName\": \"A\"}",
                "{\"holderName\": \"A\", \"currency\": \"EURO\"}",
                "{\"holderName\": \"A\", \"currency\": \"eur\"}",
                "{\"holderName\": \"A\", \"currency\": \"XYZ\"}",
                "{\"holderName\": \"A\", \"currency\": \"EUR\", \"overdraftLimit\": -1}",
                "{\"holderName\": \"A\", \"currency\": \"EUR\", \"overdraftLimit\": \"1.001\"}",
                "{\"holderName\": \"A\", \"currency\": \"EUR\", \"overdraftLimit\": 1e3}",
                "{\"holderName\": \"A\", \"currency\": \"EUR\", \"overdraftLimit\": \"1000000000.01\"}",
                "{\"holderName\": \"A\", \"currency\": \"EUR\", \"overdraftLimit\": true}",
                "{\"holderName\": \"A\", \"currency\": \"EUR\", \"colour\": \"red\"}",
                "{\"holderName\": \"A\", \"currency\": ",
                "[]",
                ""})
        void rejects_bad_input_with_400(String json) {
            expectProblem(post(alice(), "/api/accounts", json), 400);
        }

        @Test
        void names_the_invalid_field() {
            post(alice(), "/api/accounts", """
                    {"holderName": "A", "currency": "EUR", "overdraftLimit": "-5"}""")
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("overdraftLimit");
            post(alice(), "/api/accounts", """
                    {"holderName": "%s", "currency": "EUR"}""".formatted("x".repeat(201)))
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("holderName");
            // PostgreSQL stores no NUL in text: refused up front, not by the database or a projection
            post(alice(), "/api/accounts", """
                    {"holderName": "A\\u0000B", "currency": "EUR"}""")
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("holderName");
        }

        @Test
        void accepts_a_name_of_200_characters_after_trimming() {
            post(alice(), "/api/accounts", """
                    {"holderName": "  %s  ", "currency": "EUR"}""".formatted("x".repeat(200)))
                    .expectStatus().isCreated();
        }

        @Test
        void needs_authentication() {
            expectProblem(post(anonymous(), "/api/accounts", "{\"holderName\": \"A\", \"currency\": \"EUR\"}"), 401);
            expectProblem(post(as("alice", "wrong"), "/api/accounts",
                    "{\"holderName\": \"A\", \"currency\": \"EUR\"}"), 401);
        }
    }

    @Nested
    class MovingMoney {

        @Test
        void deposits_and_withdrawals_answer_balance_and_version() {
            String id = openEur(alice());
            post(alice(), "/api/accounts/" + id + "/deposits", """
                    {"amount": 25.1, "currency": "EUR", "reference": "salary"}""")
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                    .expectBody()
                    .jsonPath("$.accountId").isEqualTo(id)
                    .jsonPath("$.version").isEqualTo(1)
                    .jsonPath("$.balance").isEqualTo("25.10")
                    .jsonPath("$.currency").isEqualTo("EUR");
            post(alice(), "/api/accounts/" + id + "/withdrawals", """
                    {"amount": "0.10", "currency": "EUR"}""")
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(2)
                    .jsonPath("$.balance").isEqualTo("25.00");
        }

        @Test
        void amounts_are_exact_where_a_double_would_not_be() {
            String id = openEur(alice());
            post(alice(), "/api/accounts/" + id + "/deposits", """
                    {"amount": 999999999.99, "currency": "EUR"}""")
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.balance").isEqualTo("999999999.99");
            post(alice(), "/api/accounts/" + id + "/deposits", """
                    {"amount": "0.01", "currency": "EUR"}""")
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.balance").isEqualTo("1000000000.00");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"amount\": 0, \"currency\": \"EUR\"}",
                "{\"amount\": \"-1.00\", \"currency\": \"EUR\"}",
                "{\"amount\": \"1.005\", \"currency\": \"EUR\"}",
                "{\"amount\": \"1000000000.01\", \"currency\": \"EUR\"}",
                "{\"amount\": \"1e2\", \"currency\": \"EUR\"}",
                "{\"amount\": \"ten\", \"currency\": \"EUR\"}",
                "{\"amount\": \" 1\", \"currency\": \"EUR\"}",
                "{\"amount\": 12, \"currency\": \"USD\"}",
                "{\"amount\": 12, \"currency\": \"QQQ\"}",
                "{\"amount\": 12}",
                "{\"currency\": \"EUR\"}",
                "{\"amount\": {\"value\": 1}, \"currency\": \"EUR\"}"})
        void bad_money_is_400_and_appends_nothing(String json) {
            String id = openEur(alice());
            expectProblem(post(alice(), "/api/accounts/" + id + "/deposits", json), 400);
            expectProblem(post(alice(), "/api/accounts/" + id + "/withdrawals", json), 400);
            assertThat(events(id)).hasSize(1);
        }

        @Test
        void withdrawing_beyond_balance_and_overdraft_is_422_and_appends_nothing() {
            String id = open(alice(), """
                    {"holderName": "Alice", "currency": "EUR", "overdraftLimit": "20.00"}""");
            deposit(alice(), id, "10.00");
            expectProblem(post(alice(), "/api/accounts/" + id + "/withdrawals", """
                    {"amount": "30.01", "currency": "EUR"}"""), 422);
            post(alice(), "/api/accounts/" + id + "/withdrawals", """
                    {"amount": "30.00", "currency": "EUR"}""")
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.balance").isEqualTo("-20.00");
            assertThat(events(id)).hasSize(3);
        }

        @Test
        void an_unknown_account_is_404() {
            expectProblem(post(alice(), "/api/accounts/00000000-0000-0000-0000-000000000000/deposits", """
                    {"amount": "1.00", "currency": "EUR"}"""), 404);
            expectProblem(alice().post().uri("/api/accounts/nope/close").exchange(), 404);
        }

        @Test
        void another_customers_account_is_404_and_unchanged() {
            String id = openEur(alice());
            expectProblem(post(bob(), "/api/accounts/" + id + "/deposits", """
                    {"amount": "1.00", "currency": "EUR"}"""), 404);
            expectProblem(bob().post().uri("/api/accounts/{id}/close", id).exchange(), 404);
            assertThat(events(id)).hasSize(1);
        }
    }

    @Nested
    class Closing {

        @Test
        void closes_only_at_zero_and_then_takes_no_commands() {
            String id = openEur(alice());
            deposit(alice(), id, "5.00");
            expectProblem(alice().post().uri("/api/accounts/{id}/close", id).exchange(), 409);
            post(alice(), "/api/accounts/" + id + "/withdrawals", """
                    {"amount": "5.00", "currency": "EUR"}""").expectStatus().isOk();
            alice().post().uri("/api/accounts/{id}/close", id).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(3)
                    .jsonPath("$.status").isEqualTo("CLOSED");
            expectProblem(post(alice(), "/api/accounts/" + id + "/deposits", """
                    {"amount": "1.00", "currency": "EUR"}"""), 409);
            expectProblem(alice().post().uri("/api/accounts/{id}/close", id).exchange(), 409);
            alice().get().uri("/api/accounts/{id}?minVersion=3", id).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("CLOSED");
            assertThat(events(id)).hasSize(4);
        }
    }

    @Nested
    class OptimisticConcurrency {

        @Test
        void if_match_with_the_current_version_is_accepted_and_a_stale_one_is_412() {
            String id = openEur(alice());
            alice().post().uri("/api/accounts/{id}/deposits", id)
                    .header(HttpHeaders.IF_MATCH, "\"0\"")
                    .contentType(MediaType.APPLICATION_JSON).body("{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.version").isEqualTo(1);
            expectProblem(alice().post().uri("/api/accounts/{id}/deposits", id)
                    .header(HttpHeaders.IF_MATCH, "\"0\"")
                    .contentType(MediaType.APPLICATION_JSON).body("{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                    .exchange(), 412);
            expectProblem(alice().post().uri("/api/accounts/{id}/close", id)
                    .header(HttpHeaders.IF_MATCH, "\"7\"")
                    .exchange(), 412);
            assertThat(events(id)).hasSize(2);
        }

        @Test
        void a_malformed_if_match_is_400() {
            String id = openEur(alice());
            expectProblem(alice().post().uri("/api/accounts/{id}/deposits", id)
                    .header(HttpHeaders.IF_MATCH, "version-one")
                    .contentType(MediaType.APPLICATION_JSON).body("{\"amount\": \"1.00\", \"currency\": \"EUR\"}")
                    .exchange(), 400);
        }
    }

    @Nested
    class Reading {

        @Test
        void min_version_waits_for_the_read_model_and_times_out_with_504() {
            String id = openEur(alice());
            deposit(alice(), id, "1.00");
            deposit(alice(), id, "2.00");
            alice().get().uri("/api/accounts/{id}?minVersion=2", id).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                    .expectBody()
                    .jsonPath("$.balance").isEqualTo("3.00")
                    .jsonPath("$.version").isEqualTo(2);
            expectProblem(alice().get().uri("/api/accounts/{id}?minVersion=99", id).exchange(), 504);
            expectProblem(alice().get().uri("/api/accounts/{id}?minVersion=-1", id).exchange(), 400);
            expectProblem(alice().get().uri("/api/accounts/{id}?minVersion=abc", id).exchange(), 400);
        }

        @Test
        void another_customer_gets_404_and_an_admin_reads_everything() {
            String id = openEur(alice());
            alice().get().uri("/api/accounts/{id}?minVersion=0", id).exchange().expectStatus().isOk();
            expectProblem(bob().get().uri("/api/accounts/{id}", id).exchange(), 404);
            // whose it is comes before any waiting: no 504 that an unknown account would not get
            // with a token, so that the time is the waiting's, not the password check's (bcrypt)
            RestTestClient bobsToken = withToken(tokenOf("bob", "bob-pw"));
            long started = System.nanoTime();
            expectProblem(bobsToken.get().uri("/api/accounts/{id}?minVersion=99", id).exchange(), 404);
            expectProblem(bobsToken.get().uri("/api/accounts/{id}?minVersion=99", "no-such-account").exchange(), 404);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            expectProblem(bob().get().uri("/api/accounts/{id}/events", id).exchange(), 404);
            expectProblem(bob().get().uri("/api/accounts/{id}/history?atVersion=0", id).exchange(), 404);
            admin().get().uri("/api/accounts/{id}", id).exchange().expectStatus().isOk();
            admin().get().uri("/api/accounts/{id}/events", id).exchange().expectStatus().isOk();
            admin().get().uri("/api/accounts/{id}/history?atVersion=0", id).exchange().expectStatus().isOk();
        }

        @Test
        void lists_only_the_callers_accounts_page_by_page() {
            RestTestClient carol = as("bob", "bob-pw");
            String first = openEur(carol);
            String second = openEur(carol);
            String third = openEur(carol);
            carol.get().uri("/api/accounts/{id}?minVersion=0", third).exchange().expectStatus().isOk();
            Map<String, Object> page = body(carol.get().uri("/api/accounts?page=0&size=2").exchange().expectStatus().isOk());
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) page.get("page");
            assertThat(((Number) metadata.get("totalElements")).intValue()).isGreaterThanOrEqualTo(3);
            assertThat((List<?>) page.get("content")).hasSize(2);
            List<String> ids = new java.util.ArrayList<>();
            int pages = ((Number) metadata.get("totalPages")).intValue();
            for (int number = 0; number < pages; number++) {
                carol.get().uri("/api/accounts?page={p}&size=2", number).exchange()
                        .expectBody().jsonPath("$.content[*].accountId").value(List.class, ids::addAll);
            }
            assertThat(ids).contains(first, second, third).doesNotHaveDuplicates();
            alice().get().uri("/api/accounts?size=100").exchange()
                    .expectBody().jsonPath("$.content[*].accountId").value(List.class, aliceIds ->
                            assertThat(aliceIds).doesNotContain(first, second, third));
            expectProblem(carol.get().uri("/api/accounts?size=0").exchange(), 400);
            expectProblem(carol.get().uri("/api/accounts?page=-1").exchange(), 400);
        }
    }

    @Nested
    class History {

        @Test
        void rebuilds_the_account_at_a_version_and_at_an_instant() throws InterruptedException {
            String id = openEur(alice());
            deposit(alice(), id, "10.00");
            Instant between = Instant.now();
            Thread.sleep(20);
            deposit(alice(), id, "5.00");
            alice().get().uri("/api/accounts/{id}/history?atVersion=1", id).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.balance").isEqualTo("10.00")
                    .jsonPath("$.version").isEqualTo(1);
            alice().get().uri("/api/accounts/{id}/history?asOf={at}", id, between.toString()).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.balance").isEqualTo("10.00")
                    .jsonPath("$.version").isEqualTo(1);
            alice().get().uri("/api/accounts/{id}/history?atVersion=2", id).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.balance").isEqualTo("15.00");
        }

        @Test
        void before_it_existed_or_beyond_its_last_version_is_404_and_a_bad_query_is_400() {
            String id = openEur(alice());
            expectProblem(alice().get().uri("/api/accounts/{id}/history?asOf=2000-01-01T00:00:00Z", id).exchange(), 404);
            expectProblem(alice().get().uri("/api/accounts/{id}/history?atVersion=1", id).exchange(), 404);
            expectProblem(alice().get().uri("/api/accounts/{id}/history", id).exchange(), 400);
            expectProblem(alice().get().uri("/api/accounts/{id}/history?atVersion=0&asOf=2030-01-01T00:00:00Z", id)
                    .exchange(), 400);
            expectProblem(alice().get().uri("/api/accounts/{id}/history?asOf=yesterday", id).exchange(), 400);
        }
    }

    @Nested
    class AuditTrail {

        @Test
        void lists_the_stored_events_oldest_first_with_who_issued_them() {
            String id = openEur(alice());
            deposit(alice(), id, "10.00");
            alice().get().uri("/api/accounts/{id}/events", id).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.length()").isEqualTo(2)
                    .jsonPath("$[0].sequence").isEqualTo(0)
                    .jsonPath("$[0].type").isEqualTo("AccountOpened")
                    .jsonPath("$[0].revision").isEqualTo("2")
                    .jsonPath("$[0].timestamp").isNotEmpty()
                    // as stored: the holder name is personal data, sealed with alice's key
                    .jsonPath("$[0].payload.holderName").value(String.class,
                            name -> assertThat(name).startsWith("pii:v1:").doesNotContain("Alice"))
                    // who did it, by the pseudonym that stands for alice (never her login)
                    .jsonPath("$[0].metadata.username").isEqualTo(subjectOf("alice"))
                    .jsonPath("$[0].metadata.correlationId").isNotEmpty()
                    .jsonPath("$[1].sequence").isEqualTo(1)
                    .jsonPath("$[1].type").isEqualTo("MoneyDeposited")
                    .jsonPath("$[1].payload.amount").isEqualTo(10.00)
                    .jsonPath("$[1].payload.currency").isEqualTo("EUR");
        }

        @Test
        void an_unknown_account_has_no_trail() {
            expectProblem(alice().get().uri("/api/accounts/{id}/events", "no-such-account").exchange(), 404);
        }

        @Test
        void a_long_trail_comes_in_pages_that_link_to_the_next_until_the_end() {
            String id = openEur(bob());
            for (int i = 1; i <= 4; i++) {
                deposit(bob(), id, i + ".00");
            }
            List<Long> sequences = new java.util.ArrayList<>();
            String next = "/api/accounts/" + id + "/events?size=2";
            int pages = 0;
            while (next != null) {
                var page = bob().get().uri(java.net.URI.create(baseUrl() + next)).exchange().expectStatus().isOk()
                        .returnResult(List.class);
                ((List<?>) page.getResponseBody()).forEach(event ->
                        sequences.add(((Number) ((java.util.Map<?, ?>) event).get("sequence")).longValue()));
                String link = page.getResponseHeaders().getFirst("Link");
                next = link == null ? null : link.substring(link.indexOf("/api/"), link.indexOf('>'));
                pages++;
            }
            assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(pages).isEqualTo(3);
            // without parameters: the first page, which here is all of it, and no link
            bob().get().uri("/api/accounts/{id}/events", id).exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist("Link")
                    .expectBody().jsonPath("$.length()").isEqualTo(5);
        }

        @Test
        void a_request_s_correlation_id_is_answered_and_stored_as_the_trace_of_its_events() {
            String id = openEur(bob());
            post(bob(), "/api/accounts/" + id + "/deposits", "{\"amount\": \"1.00\", \"currency\": \"EUR\"}");
            var answered = bob().post().uri("/api/accounts/{id}/deposits", id)
                    .header("X-Correlation-Id", "till-7.receipt_42")
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body("{\"amount\": \"2.00\", \"currency\": \"EUR\"}").exchange();
            answered.expectStatus().isOk().expectHeader().valueEquals("X-Correlation-Id", "till-7.receipt_42");
            bob().get().uri("/api/accounts/{id}/events", id).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$[2].metadata.traceId").isEqualTo("till-7.receipt_42")
                    .jsonPath("$[1].metadata.traceId").value(String.class,
                            trace -> assertThat(trace).isNotEqualTo("till-7.receipt_42"));
            // made by the server when missing or not a plain token, also on a refusal
            anonymous().get().uri("/api/accounts").header("X-Correlation-Id", "<script>").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().value("X-Correlation-Id", value -> assertThat(value).matches("[0-9a-f-]{36}"));
        }

        @Test
        void a_page_size_beyond_the_limit_or_a_cursor_before_the_start_is_a_400() {
            String id = openEur(bob());
            for (String query : List.of("size=0", "size=1001", "after=-2", "size=many")) {
                expectProblem(bob().get().uri("/api/accounts/" + id + "/events?" + query).exchange(), 400);
            }
        }
    }
}
