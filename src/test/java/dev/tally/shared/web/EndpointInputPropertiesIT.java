package dev.tally.shared.web;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.payment.PaymentIdempotency;
import dev.tally.support.ApiRequests;
import dev.tally.support.StandaloneApp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import dev.tally.privacy.Pseudonyms;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint that takes a body or parameters, fed anything: wrong types, huge numbers, huge
 * strings, unicode, nulls, unknown fields, broken JSON. The answer is a success or a 4xx
 * problem+json, never a 5xx; and a refused request appends no event.
 */
class EndpointInputPropertiesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StandaloneApp standalone;
    private static ConfigurableApplicationContext app;
    private static JdbcTemplate jdbc;
    private static String baseUrl;
    /** Deposits and withdrawals go here; nothing else touches it, so its event count is ours to check. */
    private static String account;
    /** Payments are made from this one (the payment process debits it later). */
    private static String payer;
    private static String cart;
    private static String payment;
    /** Alice's subject, from which her payments' ids are derived. */
    private static String alice;

    @BeforeContainer
    static void start() throws Exception {
        // webhooks to internal addresses refused, as in production
        standalone = new StandaloneApp("tally.read-your-writes.timeout=200ms",
                "tally.webhooks.allow-private-addresses=false");
        app = standalone.start();
        jdbc = app.getBean(JdbcTemplate.class);
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        account = created(send("POST", "/api/accounts", "{\"holderName\": \"Fuzz\", \"currency\": \"EUR\"}", null),
                "accountId");
        send("POST", "/api/accounts/" + account + "/deposits", "{\"amount\": \"1000000\", \"currency\": \"EUR\"}", null);
        payer = created(send("POST", "/api/accounts", "{\"holderName\": \"Payer\", \"currency\": \"EUR\"}", null),
                "accountId");
        send("POST", "/api/accounts/" + payer + "/deposits", "{\"amount\": \"1000000\", \"currency\": \"EUR\"}", null);
        cart = created(send("POST", "/api/orders", "{\"currency\": \"EUR\"}", null), "orderId");
        payment = created(send("POST", "/api/payments", """
                {"accountId": "%s", "amount": "500", "currency": "EUR"}""".formatted(payer), "fixture"), "paymentId");
        alice = app.getBean(Pseudonyms.class).subjectOf("alice");
        // the ids the checks below look for are the ones Tally derives
        assertThat(payment).isEqualTo(PaymentIdempotency.paymentId(alice, "fixture"));
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    // ---- the properties ---------------------------------------------------------------------

    @Property(tries = 120)
    void opening_an_account(@ForAll("openAccountBodies") String body) throws Exception {
        long before = count("select count(*) from domain_event_entry where type = 'Account' and sequence_number = 0");
        Answer answer = send("POST", "/api/accounts", body, null);
        expectSuccessOrProblem(answer);
        if (answer.refused()) {
            assertThat(count("select count(*) from domain_event_entry where type = 'Account' and sequence_number = 0"))
                    .isEqualTo(before);
        }
    }

    @Property(tries = 120)
    void depositing_and_withdrawing(@ForAll("moneyBodies") String body, @ForAll boolean deposit) throws Exception {
        long before = eventsOf(account);
        Answer answer = send("POST", "/api/accounts/" + account + (deposit ? "/deposits" : "/withdrawals"), body, null);
        expectSuccessOrProblem(answer);
        if (answer.refused()) {
            assertThat(eventsOf(account)).isEqualTo(before);
        }
    }

    @Property(tries = 80)
    void creating_a_cart(@ForAll("cartBodies") String body) throws Exception {
        long before = count("select count(*) from domain_event_entry where type = 'Order' and sequence_number = 0");
        Answer answer = send("POST", "/api/orders", body, null);
        expectSuccessOrProblem(answer);
        if (answer.refused()) {
            assertThat(count("select count(*) from domain_event_entry where type = 'Order' and sequence_number = 0"))
                    .isEqualTo(before);
        }
    }

    @Property(tries = 120)
    void adding_an_item(@ForAll("itemBodies") String body) throws Exception {
        long before = eventsOf(cart);
        Answer answer = send("POST", "/api/orders/" + cart + "/items", body, null);
        expectSuccessOrProblem(answer);
        if (answer.refused()) {
            assertThat(eventsOf(cart)).isEqualTo(before);
        }
    }

    @Property(tries = 120)
    void paying(@ForAll("paymentBodies") String body, @ForAll("idempotencyKeys") Optional<String> key)
            throws Exception {
        Answer answer = send("POST", "/api/payments", body, key.orElse(null));
        expectSuccessOrProblem(answer);
        if (answer.refused() && key.isPresent()) {
            assertThat(eventsOf(PaymentIdempotency.paymentId(alice, key.get()))).isZero();
        }
    }

    /** Refunds and checkouts start the payment process, whose later events make counts no proof here. */
    @Property(tries = 80)
    void refunding_and_checking_out(@ForAll("moneyBodies") String refund, @ForAll("checkoutBodies") String checkout,
                                    @ForAll("idempotencyKeys") Optional<String> key) throws Exception {
        expectSuccessOrProblem(send("POST", "/api/payments/" + payment + "/refunds", refund, key.orElse(null)));
        expectSuccessOrProblem(send("POST", "/api/orders/" + cart + "/checkout", checkout, null));
    }

    @Property(tries = 120)
    void registering_a_webhook(@ForAll("webhookBodies") String body) throws Exception {
        long before = count("select count(*) from webhook");
        Answer answer = send("POST", "/api/webhooks", body, null);
        expectSuccessOrProblem(answer);
        if (answer.refused()) {
            assertThat(count("select count(*) from webhook")).isEqualTo(before);
        }
    }

    @Property(tries = 150)
    void query_parameters(@ForAll("queries") String pathAndQuery) throws Exception {
        Answer answer = send("GET", pathAndQuery, null, null);
        // 504: a minVersion the read model never reaches (the contract's answer for that)
        if (answer.status() != 504) {
            expectSuccessOrProblem(answer);
        }
    }

    // ---- what goes in -----------------------------------------------------------------------

    @Provide
    Arbitrary<String> openAccountBodies() {
        return bodies(Map.of(
                "holderName", plausible("\"Alice\"", "\"Zoë Ölçek 山田\"", "\"" + "n".repeat(200) + "\""),
                "currency", currencies(),
                "overdraftLimit", amounts()));
    }

    @Provide
    Arbitrary<String> moneyBodies() {
        return bodies(Map.of("amount", amounts(), "currency", currencies(),
                "reference", plausible("\"rent\"", "\"\"")));
    }

    @Provide
    Arbitrary<String> cartBodies() {
        return bodies(Map.of("currency", currencies()));
    }

    @Provide
    Arbitrary<String> itemBodies() {
        return bodies(Map.of(
                "productId", plausible("\"book\"", "\"pen\"", "\"\"", "\"" + "p".repeat(64) + "\""),
                "quantity", plausible("1", "3", "0", "-1", "2147483648", "1.5", "\"2\""),
                "unitPrice", amounts()));
    }

    @Provide
    Arbitrary<String> paymentBodies() {
        return bodies(Map.of(
                "accountId", plausible("\"" + payer + "\"", "\"" + account + "\"", "\"no-such-account\""),
                "amount", amounts(), "currency", currencies(),
                "orderId", plausible("\"" + cart + "\""),
                "description", plausible("\"books\"")));
    }

    @Provide
    Arbitrary<String> webhookBodies() {
        return bodies(Map.of(
                "url", plausible("\"https://93.184.215.14/hook\"", "\"http://93.184.215.14:8080/h?x=1\"",
                        "\"http://127.0.0.1/\"", "\"http://[::1]/\"", "\"http://169.254.169.254/\"", "\"ftp://93.184.215.14/\"",
                        "\"https://93.184.215.14/#f\"", "\"http://exa mple.com/\"", "\"http://ü.example/\"", "\"\"",
                        "\"https://" + "h".repeat(3000) + ".com/\""),
                "eventTypes", plausible("[\"MoneyDeposited\"]", "[\"MoneyDeposited\", \"OrderPaid\"]",
                        "[\"NoSuchEvent\"]", "[]", "[null]", "[1]", "\"MoneyDeposited\"")));
    }

    @Provide
    Arbitrary<String> checkoutBodies() {
        return bodies(Map.of("accountId", plausible("\"" + payer + "\"", "\"" + account + "\"", "\"x\"")));
    }

    @Provide
    Arbitrary<Optional<String>> idempotencyKeys() {
        // header values must be visible ASCII (the HTTP client refuses anything else)
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(250).ofMaxLength(400),
                Arbitraries.of(" ", "  key  "));
        return keys.optional(0.9);
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> junk = Arbitraries.oneOf(
                Arbitraries.of("-1", "0", "1", "99999999999999999999", "1.5", "", "2026-11-22T10:15:30Z",
                        "2026-13-45T99:99:99Z", "yesterday", "%00", "%E2%9C%93", "true", "9223372036854775807",
                        // a page past the largest offset the database takes (was a 500)
                        "2147483647"),
                Arbitraries.strings().alpha().numeric().ofMaxLength(30));
        return Combinators.combine(Arbitraries.of(
                        "/api/accounts/" + account + "?minVersion=%s",
                        "/api/accounts/" + account + "/history?atVersion=%s",
                        "/api/accounts/" + account + "/history?asOf=%s",
                        "/api/orders/" + cart + "/history?asOf=%s",
                        "/api/payments/" + payment + "/history?atVersion=%s",
                        "/api/accounts?page=%s",
                        "/api/accounts?size=%s",
                        "/api/alerts?page=%s",
                        "/api/alerts?size=%s",
                        "/api/orders/%s",
                        "/api/payments/%s/events",
                        "/api/webhooks/%s/deliveries"), junk)
                .as(String::formatted);
    }

    /** Objects with each field missing, plausible or anything at all, sometimes an unknown field, sometimes no object. */
    private static Arbitrary<String> bodies(Map<String, Arbitrary<String>> fields) {
        List<Arbitrary<Optional<String>>> members = new ArrayList<>();
        fields.forEach((name, value) -> members.add(value.map(text -> "\"" + name + "\": " + text).optional(0.85)));
        members.add(Combinators.combine(Arbitraries.strings().ofMaxLength(20), anyValue())
                .as((name, value) -> quoted(name) + ": " + value).optional(0.15));
        Arbitrary<String> objects = Combinators.combine(members).as(present -> "{" + String.join(", ",
                present.stream().flatMap(Optional::stream).toList()) + "}");
        Arbitrary<String> notObjects = Arbitraries.oneOf(
                Arbitraries.of("", "{", "}", "[]", "null", "\"text\"", "42", "{\"a\":}", "{\"amount\": 1,}"),
                Arbitraries.strings().ofMaxLength(50));
        return Arbitraries.frequencyOf(Tuple.of(19, objects), Tuple.of(1, notObjects));
    }

    private static Arbitrary<String> plausible(String... values) {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(values)), Tuple.of(2, anyValue()));
    }

    private static Arbitrary<String> currencies() {
        return plausible("\"EUR\"", "\"JPY\"", "\"eur\"", "\"XAU\"", "\"ZZZ\"");
    }

    private static Arbitrary<String> amounts() {
        return plausible("\"25.00\"", "25", "0.01", "\"0\"", "-5", "\"1000000000\"", "1000000000.01", "\"1.234\"",
                "1e3", "\"1E+3\"", "0.1e1", "9" .repeat(40));
    }

    /** Any JSON value at all, and some that are not JSON. */
    private static Arbitrary<String> anyValue() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "[]", "{}", "[1, \"a\"]", "{\"amount\": 1}", "1e999999999",
                        "-0", "NaN", "'single'", "0x1F"),
                Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(30)),
                        new java.math.BigInteger("1" + "0".repeat(30))).map(Object::toString),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.strings().all().ofMaxLength(40).map(EndpointInputPropertiesIT::quoted),
                Arbitraries.strings().alpha().ofMinLength(300).ofMaxLength(5000).map(EndpointInputPropertiesIT::quoted));
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    // ---- sending and checking ---------------------------------------------------------------

    record Answer(int status, String contentType, String body) {
        boolean refused() {
            return status >= 400;
        }
    }

    private static void expectSuccessOrProblem(Answer answer) throws IOException {
        assertThat(answer.status()).as("status of %s", answer).isBetween(200, 499);
        if (answer.refused()) {
            assertThat(answer.contentType()).as("content type of %s", answer).startsWith("application/problem+json");
            Map<?, ?> problem = JSON.readValue(answer.body(), Map.class);
            assertThat(problem.get("status")).isEqualTo(answer.status());
            assertThat(problem.get("detail")).asString().isNotBlank();
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    private static Answer send(String method, String path, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = ApiRequests.request(baseUrl + path, "alice", "alice-pw", method, body,
                idempotencyKey);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private static String created(Answer answer, String idField) throws IOException {
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        return (String) JSON.readValue(answer.body(), Map.class).get(idField);
    }

    private static long eventsOf(String aggregateId) {
        return count("select count(*) from domain_event_entry where aggregate_identifier = '" + aggregateId + "'");
    }

    private static long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
