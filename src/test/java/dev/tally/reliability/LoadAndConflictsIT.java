package dev.tally.reliability;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.payment.PaymentIdempotency;
import dev.tally.support.ApiRequests;
import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients at once on a few hot accounts: deposits, withdrawals, payments (some retried with
 * the same key) and refunds (some retried too), racing each other; refunds racing the closing of
 * the account they go back to; orders paid, refused a refund through the payments API, and then
 * cancelled or shipped, both at once. Conflicts and rejections are expected answers; a 5xx is not.
 * Afterwards, money is conserved account by account, what payments count as refunded is what was
 * credited, no order shipped whose payment went back, every acknowledged command has its event,
 * no stream has a gap or a duplicate, and every read model equals a fold of the events.
 *
 * <p>{@code -Dtally.soak.operations=100000} (and {@code -Dtally.soak.clients=32}) turns it into a
 * soak run: {@code ./mvnw verify -Dit.test=LoadAndConflictsIT -Dtally.soak.operations=100000}.
 */
class LoadAndConflictsIT extends ApiTest {

    private static final int OPERATIONS = Integer.getInteger("tally.soak.operations", 600);
    private static final int CLIENTS = Integer.getInteger("tally.soak.clients", 16);
    private static final BigDecimal START = new BigDecimal("500.00");
    private static final Set<String> SETTLED = Set.of("COMPLETED", "DECLINED", "REFUNDED", "PARTIALLY_REFUNDED");

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Autowired
    private JdbcTemplate jdbc;

    record Customer(String username, String password, List<String> accounts) {
        String account() {
            return accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
        }
    }

    /** A deposit or withdrawal the API acknowledged: the version it answered is the event's sequence. */
    record Movement(String accountId, long version, String eventType, BigDecimal signedAmount) {
    }

    record Payment(String paymentId, String accountId, BigDecimal amount) {
    }

    record Answer(int status, JsonNode body) {
    }

    private final Queue<Movement> movements = new ConcurrentLinkedQueue<>();
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    /** refund id -> (payment id, amount): a retried refund answers the same id and counts once */
    private final Map<String, Map.Entry<String, BigDecimal>> refunds = new ConcurrentHashMap<>();
    /** Accounts opened to be closed while a refund to them is under way: owner by account. */
    private final Map<String, Customer> closingAccounts = new ConcurrentHashMap<>();
    /** Orders paid and then cancelled or shipped, both at once: their payment by order. */
    private final Map<String, String> paidOrders = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @Test
    void nothing_is_lost_or_counted_twice_under_concurrent_load() throws Exception {
        List<Customer> customers = List.of(customer("alice", "alice-pw", 3), customer("bob", "bob-pw", 2));

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < OPERATIONS; i++) {
            clients.submit(() -> {
                try {
                    randomOperation(customers.get(ThreadLocalRandom.current().nextInt(customers.size())));
                } catch (Exception unexpected) {
                    failures.add(unexpected + " at " + whereInThisTest(unexpected));
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();

        assertThat(failures).as("answers that are not 2xx, 409 or 422 (statuses seen: %s)", statuses).isEmpty();
        assertThat(movements).as("some commands went through").hasSizeGreaterThan(OPERATIONS / 10);

        waitUntilSettled();

        List<String> accounts = new ArrayList<>(customers.stream().flatMap(customer -> customer.accounts().stream())
                .toList());
        accounts.addAll(closingAccounts.keySet());
        assertThat(closingAccounts).as("refunds raced a closing").isNotEmpty();
        assertThat(paidOrders).as("orders paid").isNotEmpty();
        everyAcknowledgedCommandHasItsEvent();
        noStreamHasAGapOrADuplicate(accounts);
        eachPaymentIsDebitedOnceAndEachRefundCreditedOnce();
        moneyIsConserved(customers);
        noOrderShippedWhosePaymentWentBack();
        readModelsEqualTheFoldOfTheirEvents(customers);
    }

    // ---- the load ---------------------------------------------------------------------------

    private void randomOperation(Customer customer) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(100);
        if (dice < 35) {
            move(customer, "deposits", "MoneyDeposited", BigDecimal.ONE);
        } else if (dice < 65) {
            move(customer, "withdrawals", "MoneyWithdrawn", BigDecimal.ONE.negate());
        } else if (dice < 82) {
            pay(customer);
        } else if (dice < 94) {
            refund(customer);
        } else if (dice < 97) {
            refundWhileTheAccountCloses(customer);
        } else {
            payAnOrderThenCancelAndShipIt(customer);
        }
    }

    /**
     * An account that paid all it had, closed while a refund of that payment is asked: the refund is
     * refused (409) if the closing came first; if the refund came first, the closing is refused
     * once the money is back, or the refund fails after its 201 if the closing beat the credit.
     */
    private void refundWhileTheAccountCloses(Customer customer) throws Exception {
        BigDecimal amount = amount(100, 2_000);
        String account = send(customer, "POST", "/api/accounts", """
                {"holderName": "Closing", "currency": "EUR"}""", null).body().get("accountId").asText();
        Answer deposit = send(customer, "POST", "/api/accounts/" + account + "/deposits", """
                {"amount": "%s", "currency": "EUR"}""".formatted(amount), null);
        movements.add(new Movement(account, deposit.body().get("version").asLong(), "MoneyDeposited", amount));
        closingAccounts.put(account, customer);
        Answer paid = send(customer, "POST", "/api/payments", """
                {"accountId": "%s", "amount": "%s", "currency": "EUR"}""".formatted(account, amount),
                UUID.randomUUID().toString());
        Payment payment = new Payment(paid.body().get("paymentId").asText(), account, amount);
        payments.put(payment.paymentId(), payment);
        // completed (or declined): its second event is stored
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> count(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", payment.paymentId()) > 1);

        ExecutorService both = Executors.newFixedThreadPool(2);
        var refund = both.submit(() -> send(customer, "POST", "/api/payments/" + payment.paymentId() + "/refunds", """
                {"amount": "%s", "currency": "EUR"}""".formatted(amount), UUID.randomUUID().toString()));
        var close = both.submit(() -> send(customer, "POST", "/api/accounts/" + account + "/close", null, null));
        Answer refunded = refund.get();
        close.get();
        both.shutdown();
        if (refunded.status() == 201) {
            refunds.putIfAbsent(refunded.body().get("refundId").asText(), Map.entry(payment.paymentId(), amount));
        }
    }

    /**
     * An order paid from a hot account: a refund of its payment through the payments API is refused
     * (the order's payment goes back with the order), and then it is cancelled and shipped at once.
     */
    private void payAnOrderThenCancelAndShipIt(Customer customer) throws Exception {
        String account = customer.account();
        String orderId = send(customer, "POST", "/api/orders", """
                {"currency": "EUR"}""", null).body().get("orderId").asText();
        send(customer, "POST", "/api/orders/" + orderId + "/items", """
                {"productId": "load", "quantity": 1, "unitPrice": "%s"}""".formatted(amount(1, 2_000)), null);
        Answer checkout = send(customer, "POST", "/api/orders/" + orderId + "/checkout", """
                {"accountId": "%s"}""".formatted(account), null);
        if (checkout.status() != 202) {
            return;
        }
        // the read model may still show the cart: read it at least at the checkout's version
        String checkedOut = "/api/orders/" + orderId + "?minVersion=" + checkout.body().get("version").asLong();
        JsonNode order = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> get(customer.username(), checkedOut),
                        view -> !view.get("status").asText().equals("PAYMENT_PENDING"));
        // a failed order's payment is in the books too: its debit, if any, must have gone back
        String paymentId = order.get("paymentId").asText();
        JsonNode payment = get(customer.username(), "/api/payments/" + paymentId + "/history?atVersion=0");
        Payment paid = new Payment(paymentId, account, decimal(payment.get("amount")));
        payments.put(paymentId, paid);
        if (!order.get("status").asText().equals("PAID")) {
            return;
        }
        paidOrders.put(orderId, paymentId);
        Answer refused = send(customer, "POST", "/api/payments/" + paymentId + "/refunds", """
                {"amount": "%s", "currency": "EUR"}""".formatted(paid.amount()), UUID.randomUUID().toString());
        if (refused.status() != 409) {
            failures.add("refund of order " + orderId + "'s payment through the payments API: " + refused.status());
        }
        ExecutorService both = Executors.newFixedThreadPool(2);
        var cancel = both.submit(() -> send(customer, "POST", "/api/orders/" + orderId + "/cancel", null, null));
        var ship = both.submit(() -> send(ADMIN, "POST", "/api/orders/" + orderId + "/ship", null, null));
        Answer cancelled = cancel.get();
        ship.get();
        both.shutdown();
        if (cancelled.status() == 200) {
            refunds.putIfAbsent(PaymentIdempotency.cancellationRefundId(orderId), Map.entry(paymentId, paid.amount()));
        }
    }

    private void move(Customer customer, String kind, String eventType, BigDecimal sign) throws Exception {
        String account = customer.account();
        BigDecimal amount = amount(1, 6_000);
        Answer answer = send(customer, "POST", "/api/accounts/" + account + "/" + kind, """
                {"amount": "%s", "currency": "EUR"}""".formatted(amount), null);
        if (answer.status() == 200) {
            movements.add(new Movement(account, answer.body().get("version").asLong(), eventType, amount.multiply(sign)));
        }
    }

    private void pay(Customer customer) throws Exception {
        String account = customer.account();
        String key = UUID.randomUUID().toString();
        String body = """
                {"accountId": "%s", "amount": "%s", "currency": "EUR"}""".formatted(account, amount(1, 4_000));
        // a third of the clients retry, as if the first answer had been lost
        int attempts = ThreadLocalRandom.current().nextInt(3) == 0 ? 2 : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Answer answer = send(customer, "POST", "/api/payments", body, key);
            if (answer.status() == 200 || answer.status() == 201) {
                String paymentId = answer.body().get("paymentId").asText();
                Payment payment = new Payment(paymentId, account, decimal(JSON.readTree(body).get("amount")));
                Payment earlier = payments.putIfAbsent(paymentId, payment);
                if (earlier != null && !earlier.equals(payment)) {
                    failures.add("key " + key + " answered payment " + paymentId + " for another request");
                }
            }
        }
    }

    private void refund(Customer customer) throws Exception {
        List<Payment> own = payments.values().stream()
                .filter(payment -> customer.accounts().contains(payment.accountId()))
                .toList();
        if (own.isEmpty()) {
            return;
        }
        Payment payment = own.get(ThreadLocalRandom.current().nextInt(own.size()));
        String key = UUID.randomUUID().toString();
        BigDecimal amount = amount(1, 1_500);
        int attempts = ThreadLocalRandom.current().nextInt(3) == 0 ? 2 : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Answer answer = send(customer, "POST", "/api/payments/" + payment.paymentId() + "/refunds", """
                    {"amount": "%s", "currency": "EUR"}""".formatted(amount), key);
            if (answer.status() == 200 || answer.status() == 201) {
                refunds.putIfAbsent(answer.body().get("refundId").asText(), Map.entry(payment.paymentId(), amount));
            }
        }
    }

    private Answer send(Customer customer, String method, String path, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = ApiRequests.request(baseUrl() + path, customer.username(), customer.password(),
                method, body, idempotencyKey);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        statuses.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
        // 409: a refund of a payment not yet completed, or one declined; 422: not enough money
        if (status >= 300 && status != 409 && status != 422) {
            failures.add(method + " " + path + " " + body + ": " + status + " " + response.body());
        }
        return new Answer(status, response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    private static final Customer ADMIN = new Customer("admin", "admin-pw", List.of());

    private Customer customer(String username, String password, int accounts) throws Exception {
        Customer customer = new Customer(username, password, new ArrayList<>());
        for (int i = 0; i < accounts; i++) {
            Answer opened = send(customer, "POST", "/api/accounts", """
                    {"holderName": "Hot %d", "currency": "EUR"}""".formatted(i), null);
            String account = opened.body().get("accountId").asText();
            Answer deposit = send(customer, "POST", "/api/accounts/" + account + "/deposits", """
                    {"amount": "%s", "currency": "EUR"}""".formatted(START), null);
            movements.add(new Movement(account, deposit.body().get("version").asLong(), "MoneyDeposited", START));
            customer.accounts().add(account);
        }
        return customer;
    }

    private static BigDecimal amount(int minCents, int maxCents) {
        return BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(minCents, maxCents + 1), 2);
    }

    // ---- afterwards -------------------------------------------------------------------------

    /** The payment process and the projections finish after the answers: wait until nothing is pending. */
    private void waitUntilSettled() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Payment payment : payments.values()) {
                JsonNode view = get(ownerOf(payment), "/api/payments/" + payment.paymentId());
                assertThat(view.get("status").asText()).as(payment.paymentId()).isIn(SETTLED);
                assertThat(decimal(view.get("refunded"))).as("refunded of %s", payment.paymentId())
                        .isEqualByComparingTo(refundedOf(payment.paymentId(), failedRefunds()));
            }
            // the payment shows a refund before the process has credited it (or found the account closed)
            assertThat(refundsEnded()).as("refunds credited or failed").containsAll(refunds.keySet());
            for (JsonNode processor : JSON.readTree(admin().get().uri("/api/admin/processors").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())) {
                assertThat(processor.get("lag").asLong()).as("lag of %s", processor.get("name")).isZero();
            }
        });
    }

    private void everyAcknowledgedCommandHasItsEvent() throws Exception {
        for (Movement movement : movements) {
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    select payload_type, payload from domain_event_entry
                    where aggregate_identifier = ? and sequence_number = ?""", movement.accountId(), movement.version());
            assertThat(rows).as("event of %s", movement).hasSize(1);
            assertThat((String) rows.get(0).get("payload_type")).endsWith("." + movement.eventType());
            assertThat(decimal(payload(rows.get(0)).get("amount")))
                    .isEqualByComparingTo(movement.signedAmount().abs());
        }
        for (Payment payment : payments.values()) {
            assertThat(count("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and sequence_number = 0 and payload_type like '%.PaymentRequested'", payment.paymentId()))
                    .as("request of %s", payment).isEqualTo(1);
        }
    }

    private void noStreamHasAGapOrADuplicate(List<String> accounts) {
        List<String> aggregates = new ArrayList<>(accounts);
        aggregates.addAll(payments.keySet());
        for (String aggregate : aggregates) {
            Map<String, Object> stream = jdbc.queryForMap("""
                    select count(*) as events, count(distinct sequence_number) as sequences,
                           min(sequence_number) as first, max(sequence_number) as last
                    from domain_event_entry where aggregate_identifier = ?""", aggregate);
            long events = ((Number) stream.get("events")).longValue();
            assertThat(((Number) stream.get("sequences")).longValue()).as("duplicates in %s", aggregate).isEqualTo(events);
            assertThat(((Number) stream.get("first")).longValue()).as("start of %s", aggregate).isZero();
            assertThat(((Number) stream.get("last")).longValue()).as("gaps in %s", aggregate).isEqualTo(events - 1);
        }
    }

    private void eachPaymentIsDebitedOnceAndEachRefundCreditedOnce() throws Exception {
        Map<String, Integer> debits = new HashMap<>();
        Map<String, Integer> credits = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList("""
                select payload_type, payload from domain_event_entry
                where payload_type like '%.AccountDebited' or payload_type like '%.RefundCredited'
                   or payload_type like '%.DebitReturned'""")) {
            JsonNode event = payload(row);
            String type = (String) row.get("payload_type");
            if (type.endsWith(".AccountDebited")) {
                debits.merge(event.get("paymentId").asText(), 1, Integer::sum);
            } else if (type.endsWith(".DebitReturned")) {
                // a payment that timed out before its debit was reported: the debit went back
                debits.merge(event.get("paymentId").asText(), -1, Integer::sum);
            } else {
                credits.merge(event.get("refundId").asText(), 1, Integer::sum);
            }
        }
        for (Payment payment : payments.values()) {
            int expected = "DECLINED".equals(status(payment)) ? 0 : 1;
            assertThat(debits.getOrDefault(payment.paymentId(), 0)).as("debits kept of %s", payment).isEqualTo(expected);
        }
        Set<String> failed = failedRefunds();
        for (String refundId : refunds.keySet()) {
            assertThat(credits.getOrDefault(refundId, 0)).as("credits of refund %s", refundId)
                    .isEqualTo(failed.contains(refundId) ? 0 : 1);
        }
    }

    /** Refunds whose process has ended: credited to the account, or failed. */
    private Set<String> refundsEnded() throws Exception {
        return refundsWith("RefundCredited", "RefundFailed");
    }

    /** Refunds answered 201 whose credit the closed account refused afterwards: they never counted. */
    private Set<String> failedRefunds() throws Exception {
        return refundsWith("RefundFailed");
    }

    /** The refunds named by stored events of these types. */
    private Set<String> refundsWith(String... eventTypes) throws Exception {
        Set<String> refundIds = new HashSet<>();
        for (String type : eventTypes) {
            for (Map<String, Object> row : jdbc.queryForList(
                    "select payload from domain_event_entry where payload_type like ?", "%." + type)) {
                refundIds.add(payload(row).get("refundId").asText());
            }
        }
        return refundIds;
    }

    /** Shipping and cancelling raced: one of them won, and a shipped order kept its payment. */
    private void noOrderShippedWhosePaymentWentBack() throws Exception {
        for (Map.Entry<String, String> order : paidOrders.entrySet()) {
            Payment payment = payments.get(order.getValue());
            String status = get(ownerOf(payment), "/api/orders/" + order.getKey()).get("status").asText();
            JsonNode paid = get(ownerOf(payment), "/api/payments/" + payment.paymentId());
            assertThat(status).as("order %s", order.getKey()).isIn("SHIPPED", "CANCELLED");
            assertThat(paid.get("status").asText()).as("payment of %s order %s", status, order.getKey())
                    .isEqualTo(status.equals("SHIPPED") ? "COMPLETED" : "REFUNDED");
        }
    }

    /** Per account: what was acknowledged in, minus what was acknowledged out, minus payments taken, plus refunds. */
    private void moneyIsConserved(List<Customer> customers) throws Exception {
        Map<String, BigDecimal> expected = new HashMap<>();
        movements.forEach(movement -> expected.merge(movement.accountId(), movement.signedAmount(), BigDecimal::add));
        for (Payment payment : payments.values()) {
            if (!"DECLINED".equals(status(payment))) {
                expected.merge(payment.accountId(), payment.amount().negate(), BigDecimal::add);
            }
        }
        Set<String> failed = failedRefunds();
        refunds.forEach((refundId, refund) -> {
            if (!failed.contains(refundId)) {
                expected.merge(payments.get(refund.getKey()).accountId(), refund.getValue(), BigDecimal::add);
            }
        });

        BigDecimal expectedTotal = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, Customer> owned : ownersOfAccounts(customers).entrySet()) {
            String account = owned.getKey();
            BigDecimal balance = decimal(get(owned.getValue().username(), "/api/accounts/" + account).get("balance"));
            assertThat(balance).as("balance of %s", account).isEqualByComparingTo(expected.get(account));
            assertThat(balance.signum()).as("no overdraft was granted on %s", account).isNotNegative();
            expectedTotal = expectedTotal.add(expected.get(account));
            total = total.add(balance);
        }
        assertThat(total).isEqualByComparingTo(expectedTotal);
    }

    private void readModelsEqualTheFoldOfTheirEvents(List<Customer> customers) throws Exception {
        for (Map.Entry<String, Customer> owned : ownersOfAccounts(customers).entrySet()) {
            String account = owned.getKey();
            Customer customer = owned.getValue();
            BigDecimal folded = BigDecimal.ZERO;
            long last = -1;
            for (Map<String, Object> row : jdbc.queryForList("""
                    select sequence_number, payload_type, payload from domain_event_entry
                    where aggregate_identifier = ? order by sequence_number""", account)) {
                String type = (String) row.get("payload_type");
                JsonNode event = payload(row);
                if (type.endsWith(".MoneyDeposited") || type.endsWith(".RefundCredited")
                        || type.endsWith(".DebitReturned")) {
                    folded = folded.add(decimal(event.get("amount")));
                } else if (type.endsWith(".MoneyWithdrawn") || type.endsWith(".AccountDebited")) {
                    folded = folded.subtract(decimal(event.get("amount")));
                }
                last = ((Number) row.get("sequence_number")).longValue();
            }
            JsonNode view = get(customer.username(), "/api/accounts/" + account);
            assertThat(decimal(view.get("balance"))).as("read model of %s", account).isEqualByComparingTo(folded);
            assertThat(view.get("version").asLong()).as("version of %s", account).isEqualTo(last);
            JsonNode history = get(customer.username(), "/api/accounts/" + account + "/history?atVersion=" + last);
            assertThat(decimal(history.get("balance"))).as("history of %s", account).isEqualByComparingTo(folded);
        }
        for (Payment payment : payments.values()) {
            BigDecimal refunded = BigDecimal.ZERO;
            for (Map<String, Object> row : jdbc.queryForList("""
                    select payload_type, payload from domain_event_entry where aggregate_identifier = ?
                    and (payload_type like '%.PaymentRefunded' or payload_type like '%.RefundFailed')""",
                    payment.paymentId())) {
                BigDecimal amount = decimal(payload(row).get("amount"));
                refunded = ((String) row.get("payload_type")).endsWith(".RefundFailed")
                        ? refunded.subtract(amount) : refunded.add(amount);
            }
            JsonNode view = get(ownerOf(payment), "/api/payments/" + payment.paymentId());
            assertThat(decimal(view.get("refunded"))).as("refunded of %s", payment).isEqualByComparingTo(refunded);
            assertThat(refunded).as("refunds of %s", payment).isLessThanOrEqualTo(payment.amount());
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /** Every account of the run, the hot ones and those that were closed, with its owner. */
    private Map<String, Customer> ownersOfAccounts(List<Customer> customers) {
        Map<String, Customer> owners = new HashMap<>(closingAccounts);
        customers.forEach(customer -> customer.accounts().forEach(account -> owners.put(account, customer)));
        return owners;
    }

    private String ownerOf(Payment payment) {
        return count("select count(*) from account_summary where account_id = ? and owner = ?",
                payment.accountId(), subjectOf("alice")) == 1 ? "alice" : "bob";
    }

    private String status(Payment payment) throws Exception {
        return get(ownerOf(payment), "/api/payments/" + payment.paymentId()).get("status").asText();
    }

    /** What a payment counts as refunded: the refunds answered for it that did not fail. */
    private BigDecimal refundedOf(String paymentId, Set<String> failed) {
        return refunds.entrySet().stream()
                .filter(refund -> refund.getValue().getKey().equals(paymentId) && !failed.contains(refund.getKey()))
                .map(refund -> refund.getValue().getValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private JsonNode get(String username, String path) throws Exception {
        String password = username + "-pw";
        return JSON.readTree(as(username, password).get().uri(path).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** The line of this test an unexpected exception came from, so that a failure says which step broke. */
    private static String whereInThisTest(Exception unexpected) {
        return Arrays.stream(unexpected.getStackTrace())
                .filter(frame -> frame.getClassName().equals(LoadAndConflictsIT.class.getName()))
                .findFirst().map(StackTraceElement::toString).orElse("?");
    }

    /** Amounts come as JSON strings from the API and as JSON numbers from the event store. */
    private static BigDecimal decimal(JsonNode amount) {
        return new BigDecimal(amount.asText());
    }

    private static JsonNode payload(Map<String, Object> row) throws Exception {
        return JSON.readTree(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8));
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }
}
