package dev.tally.shared.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of the API contract, called as the owner of the entity it names, as another
 * customer, without a login and as an admin (with a password, and with a bearer token), with the
 * status each must answer. Each call gets fresh entities, so what one caller changes cannot decide
 * what the next one sees.
 */
class SecurityMatrixIT extends ApiTest {

    enum Caller { OWNER, OTHER, ANONYMOUS, ADMIN }

    /** How a caller logs in: a password on every request, or a bearer token bought with it once. */
    enum Login { BASIC, TOKEN }

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /**
     * What alice owns before each call: a funded and an empty account, a cart, a completed payment;
     * each made the first time a call asks for it.
     */
    final class Entities {
        private String account;
        private String emptyAccount;
        private String cart;
        private String payment;
        private String webhook;

        String account() {
            if (account == null) {
                account = open();
                post(alice(), "/api/accounts/" + account + "/deposits", """
                        {"amount": "100.00", "currency": "EUR"}""").expectStatus().isOk();
            }
            return account;
        }

        String emptyAccount() {
            if (emptyAccount == null) {
                emptyAccount = open();
            }
            return emptyAccount;
        }

        String cart() {
            if (cart == null) {
                cart = (String) body(post(alice(), "/api/orders", """
                        {"currency": "EUR"}""").expectStatus().isCreated()).get("orderId");
                post(alice(), "/api/orders/" + cart + "/items", """
                        {"productId": "book", "quantity": 1, "unitPrice": "10.00"}""").expectStatus().isOk();
            }
            return cart;
        }

        /** The processor, once no replay of it is under way (an admin's replay of it a moment ago may still run). */
        String notReplaying(String processor) {
            // a rebuild reads the shared context's whole store, every other test's events included
            await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> admin().get().uri("/api/admin/processors")
                    .exchange()
                    .expectBody().jsonPath("$[?(@.name == '" + processor + "')].replaying").isEqualTo(List.of(false)));
            return processor;
        }

        String payment() {
            if (payment == null) {
                String paymentId = (String) body(alice().post().uri("/api/payments")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("""
                                {"accountId": "%s", "amount": "5.00", "currency": "EUR"}""".formatted(account()))
                        .exchange().expectStatus().isCreated()).get("paymentId");
                eventually(() -> alice().get().uri("/api/payments/{id}", paymentId).exchange()
                        .expectBody().jsonPath("$.status").isEqualTo("COMPLETED"));
                payment = paymentId;
            }
            return payment;
        }

        String webhook() {
            if (webhook == null) {
                webhook = (String) body(post(alice(), "/api/webhooks", WEBHOOK).expectStatus().isCreated()).get("webhookId");
            }
            return webhook;
        }
    }

    record Call(HttpMethod method, String path, String body, boolean idempotent) {
        static Call get(String path) {
            return new Call(HttpMethod.GET, path, null, false);
        }

        static Call post(String path, String body) {
            return new Call(HttpMethod.POST, path, body, false);
        }

        /** A POST with a fresh {@code Idempotency-Key}. */
        static Call keyed(String path, String body) {
            return new Call(HttpMethod.POST, path, body, true);
        }
    }

    private static final String DEPOSIT = """
            {"amount": "1.00", "currency": "EUR"}""";

    /** A webhook to a public address (a literal: nothing to resolve), for an event these tests do not cause. */
    private static final String WEBHOOK = """
            {"url": "https://93.184.215.14/matrix-hook", "eventTypes": ["CartAbandoned"]}""";

    /** endpoint, call (reads of a read model wait for the entity's last write), then the status for OWNER, OTHER, ANONYMOUS, ADMIN (null: not called, e.g. an endless stream). */
    static Stream<Arguments> matrix() {
        List<Object[]> rows = List.of(
                row("open an account", e -> Call.post("/api/accounts", """
                        {"holderName": "Matrix", "currency": "EUR"}"""), 201, 201, 401, 201),
                row("list accounts", e -> Call.get("/api/accounts"), 200, 200, 401, 200),
                row("read an account", e -> Call.get("/api/accounts/" + e.account() + "?minVersion=1"),
                        200, 404, 401, 200),
                row("account history", e -> Call.get("/api/accounts/" + e.account() + "/history?atVersion=0"),
                        200, 404, 401, 200),
                row("account events", e -> Call.get("/api/accounts/" + e.account() + "/events"), 200, 404, 401, 200),
                row("account updates", e -> Call.get("/api/accounts/" + e.account() + "/updates"),
                        null, 404, 401, null),
                row("deposit", e -> Call.post("/api/accounts/" + e.account() + "/deposits", DEPOSIT),
                        200, 404, 401, 404),
                row("withdraw", e -> Call.post("/api/accounts/" + e.account() + "/withdrawals", DEPOSIT),
                        200, 404, 401, 404),
                row("close an account", e -> Call.post("/api/accounts/" + e.emptyAccount() + "/close", ""),
                        200, 404, 401, 404),
                row("create a cart", e -> Call.post("/api/orders", """
                        {"currency": "EUR"}"""), 201, 201, 401, 201),
                row("add an item", e -> Call.post("/api/orders/" + e.cart() + "/items", """
                        {"productId": "pen", "quantity": 1, "unitPrice": "2.00"}"""), 200, 404, 401, 404),
                row("remove an item", e -> new Call(HttpMethod.DELETE, "/api/orders/" + e.cart() + "/items/book",
                        null, false), 200, 404, 401, 404),
                row("check out", e -> Call.post("/api/orders/" + e.cart() + "/checkout", """
                        {"accountId": "%s"}""".formatted(e.account())), 202, 404, 401, 404),
                row("cancel an order", e -> Call.post("/api/orders/" + e.cart() + "/cancel", ""), 200, 404, 401, 404),
                row("ship an order", e -> Call.post("/api/orders/" + e.cart() + "/ship", ""), 403, 403, 401, 409),
                row("read an order", e -> Call.get("/api/orders/" + e.cart() + "?minVersion=1"),
                        200, 404, 401, 200),
                row("order history", e -> Call.get("/api/orders/" + e.cart() + "/history?atVersion=0"),
                        200, 404, 401, 200),
                row("order events", e -> Call.get("/api/orders/" + e.cart() + "/events"), 200, 404, 401, 200),
                row("view a product", e -> Call.post("/api/products/book/views", ""), 202, 202, 401, 202),
                row("pay", e -> Call.keyed("/api/payments", """
                        {"accountId": "%s", "amount": "1.00", "currency": "EUR"}""".formatted(e.account())),
                        201, 422, 401, 422),
                row("read a payment", e -> Call.get("/api/payments/" + e.payment()), 200, 404, 401, 200),
                row("payment history", e -> Call.get("/api/payments/" + e.payment() + "/history?atVersion=0"),
                        200, 404, 401, 200),
                row("payment events", e -> Call.get("/api/payments/" + e.payment() + "/events"), 200, 404, 401, 200),
                // staff refund payments: an admin may, another customer finds no payment
                row("refund", e -> Call.keyed("/api/payments/" + e.payment() + "/refunds", DEPOSIT),
                        201, 404, 401, 201),
                row("register a webhook", e -> Call.post("/api/webhooks", WEBHOOK), 201, 201, 401, 201),
                row("list webhooks", e -> Call.get("/api/webhooks"), 200, 200, 401, 200),
                row("webhook deliveries", e -> Call.get("/api/webhooks/" + e.webhook() + "/deliveries"),
                        200, 404, 401, 200),
                row("delete a webhook", e -> new Call(HttpMethod.DELETE, "/api/webhooks/" + e.webhook(), null, false),
                        204, 404, 401, 204),
                row("event stream", e -> Call.get("/api/events/stream"), null, null, 401, null),
                // the caller's own alerts (none of another's): a list, never a 404
                row("list alerts", e -> Call.get("/api/alerts"), 200, 200, 401, 200),
                row("hourly sales", e -> Call.get("/api/analytics/sales/hourly"), 403, 403, 401, 200),
                row("look to book", e -> Call.get("/api/analytics/look-to-book"), 403, 403, 401, 200),
                row("abandoned carts", e -> Call.get("/api/analytics/abandoned-carts"), 403, 403, 401, 200),
                row("processors", e -> Call.get("/api/admin/processors"), 403, 403, 401, 200),
                // a replay takes a moment: the next caller asks once it is over (a second one meanwhile is a 409)
                row("replay", e -> Call.post("/api/admin/processors/" + e.notReplaying("look-to-book") + "/replay", ""),
                        403, 403, 401, 202),
                row("dead letters", e -> Call.get("/api/admin/dead-letters"), 403, 403, 401, 200),
                row("retry dead letters", e -> Call.post("/api/admin/dead-letters/look-to-book/retry", ""),
                        403, 403, 401, 202),
                // a customer nobody else uses: forgetting is for good
                row("forget a customer", e -> new Call(HttpMethod.DELETE,
                        "/api/admin/customers/matrix-nobody/personal-data", null, false), 403, 403, 401, 204),
                row("re-wrap personal data keys", e -> Call.post("/api/admin/personal-data/keys/rewrap", ""),
                        403, 403, 401, 200),
                row("metrics", e -> Call.get("/actuator/prometheus"), 403, 403, 401, 200),
                row("health", e -> Call.get("/actuator/health"), 200, 200, 200, 200),
                row("API description", e -> Call.get("/v3/api-docs"), 200, 200, 200, 200),
                row("explorer page", e -> Call.get("/explorer"), 200, 200, 200, 200));
        return rows.stream().flatMap(row -> Stream.of(Caller.values())
                .filter(caller -> row[2 + caller.ordinal()] != null)
                .flatMap(caller -> Stream.of(Login.values())
                        .filter(login -> login == Login.BASIC || caller != Caller.ANONYMOUS)
                        .map(login -> Arguments.of(row[0], caller, login, row[2 + caller.ordinal()], row[1]))));
    }

    private static Object[] row(String endpoint, Function<Entities, Call> call, Integer owner, Integer other,
                                Integer anonymous, Integer admin) {
        return new Object[] {endpoint, call, owner, other, anonymous, admin};
    }

    @ParameterizedTest(name = "{0} as {1} ({2}): {3}")
    @MethodSource("matrix")
    void answers(String endpoint, Caller caller, Login login, int status, Function<Entities, Call> call) {
        Call request = call.apply(alicesEntities());
        var spec = client(caller, login).method(request.method()).uri(request.path());
        if (request.idempotent()) {
            spec.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        if (request.body() != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(request.body());
        }
        RestTestClient.ResponseSpec response = spec.exchange();
        if (status >= 400) {
            expectProblem(response, status);
        } else {
            response.expectStatus().isEqualTo(status);
        }
    }

    @Test
    void lists_and_feeds_show_nobody_else_s_entities() {
        Entities alices = alicesEntities();
        List<?> bobsAccounts = (List<?>) body(bob().get().uri("/api/accounts?size=100").exchange()
                .expectStatus().isOk()).get("content");
        assertThat(bobsAccounts.toString()).doesNotContain(alices.account()).doesNotContain(alices.emptyAccount());
    }

    @Test
    void a_metrics_scraper_reads_the_metrics_and_nothing_else() {
        RestTestClient scraper = as("scraper", "scraper-pw");
        scraper.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        expectProblem(scraper.get().uri("/actuator/metrics").exchange(), 403);
        expectProblem(scraper.get().uri("/api/admin/processors").exchange(), 403);
        expectProblem(scraper.post().uri("/api/admin/processors/look-to-book/replay").exchange(), 403);
        expectProblem(scraper.delete().uri("/api/admin/customers/alice/personal-data").exchange(), 403);
        expectProblem(scraper.get().uri("/api/accounts").exchange(), 403);
        expectProblem(scraper.get().uri("/api/webhooks").exchange(), 403);
        expectProblem(post(scraper, "/api/accounts", """
                {"holderName": "Scraper", "currency": "EUR"}"""), 403);
        expectProblem(scraper.get().uri("/api/accounts/" + alicesEntities().account()).exchange(), 403);
    }

    @Autowired
    private UserDetailsService users;
    @Autowired
    private PasswordEncoder passwordEncoder;

    @Test
    void passwords_are_kept_as_bcrypt_hashes() {
        for (String user : List.of("alice", "bob", "admin")) {
            String stored = users.loadUserByUsername(user).getPassword();
            assertThat(stored).startsWith("{bcrypt}$2").doesNotContain(user + "-pw");
            assertThat(passwordEncoder.matches(user + "-pw", stored)).isTrue();
        }
    }

    private RestTestClient client(Caller caller, Login login) {
        if (login == Login.TOKEN) {
            String user = switch (caller) {
                case OWNER -> "alice";
                case OTHER -> "bob";
                case ADMIN -> "admin";
                case ANONYMOUS -> throw new IllegalArgumentException("no token without a login");
            };
            return withToken(TOKENS.computeIfAbsent(user, name -> tokenOf(name, name + "-pw")));
        }
        return switch (caller) {
            case OWNER -> alice();
            case OTHER -> bob();
            case ANONYMOUS -> anonymous();
            case ADMIN -> admin();
        };
    }

    private Entities alicesEntities() {
        return new Entities();
    }

    private String open() {
        return (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Alice", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
    }
}
