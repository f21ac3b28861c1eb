package dev.tally.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The "Payments" section of the API contract, through HTTP, with the payment process running behind it. */
class PaymentApiIT extends ApiTest {

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private String fundedAccount(RestTestClient client, String amount) {
        String accountId = (String) body(post(client, "/api/accounts", """
                {"holderName": "Payer", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        if (!amount.equals("0.00")) {
            post(client, "/api/accounts/" + accountId + "/deposits", """
                    {"amount": "%s", "currency": "EUR"}""".formatted(amount)).expectStatus().isOk();
        }
        return accountId;
    }

    private static RestTestClient.ResponseSpec pay(RestTestClient client, String key, String json) {
        return client.post().uri("/api/payments")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json)
                .exchange();
    }

    private static String payment(String accountId, String amount) {
        return """
                {"accountId": "%s", "amount": "%s", "currency": "EUR", "description": "books"}"""
                .formatted(accountId, amount);
    }

    private static RestTestClient.ResponseSpec refund(RestTestClient client, String paymentId, String key,
                                                      String amount) {
        return client.post().uri("/api/payments/{id}/refunds", paymentId)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"amount": "%s", "currency": "EUR"}""".formatted(amount))
                .exchange();
    }

    private String completedPayment(RestTestClient client, String accountId, String amount) {
        String paymentId = (String) body(pay(client, newKey(), payment(accountId, amount))
                .expectStatus().isCreated()).get("paymentId");
        awaitPayment(client, paymentId, "COMPLETED");
        return paymentId;
    }

    private static void awaitPayment(RestTestClient client, String paymentId, String status) {
        eventually(() -> client.get().uri("/api/payments/{id}", paymentId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo(status));
    }

    private void awaitBalance(RestTestClient client, String accountId, String balance) {
        eventually(() -> client.get().uri("/api/accounts/{id}", accountId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.balance").isEqualTo(balance));
    }

    @SuppressWarnings("unchecked")
    private static List<String> eventTypes(RestTestClient client, String path, String id) {
        List<Map<String, Object>> events = client.get().uri(path, id).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        return events.stream().map(event -> (String) event.get("type")).toList();
    }

    @Nested
    class Paying {

        @Test
        void answers_201_and_the_process_debits_the_account_and_completes_it() {
            String accountId = fundedAccount(alice(), "100.00");
            Map<String, Object> created = body(pay(alice(), newKey(), payment(accountId, "40.00"))
                    .expectStatus().isCreated()
                    .expectHeader().valueMatches(HttpHeaders.LOCATION, ".*/api/payments/[0-9a-f-]{36}"));
            String paymentId = (String) created.get("paymentId");
            assertThat(created.get("version")).isEqualTo(0);

            awaitPayment(alice(), paymentId, "COMPLETED");
            alice().get().uri("/api/payments/{id}", paymentId).exchange()
                    .expectBody()
                    .jsonPath("$.paymentId").isEqualTo(paymentId)
                    .jsonPath("$.accountId").isEqualTo(accountId)
                    .jsonPath("$.amount").isEqualTo("40.00")
                    .jsonPath("$.currency").isEqualTo("EUR")
                    .jsonPath("$.refunded").isEqualTo("0.00")
                    .jsonPath("$.version").isEqualTo(1)
                    .jsonPath("$.orderId").doesNotExist()
                    .jsonPath("$.failureReason").doesNotExist();
            awaitBalance(alice(), accountId, "60.00");
        }

        @Test
        void without_enough_money_is_declined_with_the_reason() {
            String accountId = fundedAccount(alice(), "10.00");
            String paymentId = (String) body(pay(alice(), newKey(), payment(accountId, "40.00"))
                    .expectStatus().isCreated()).get("paymentId");
            awaitPayment(alice(), paymentId, "DECLINED");
            alice().get().uri("/api/payments/{id}", paymentId).exchange()
                    .expectBody().jsonPath("$.failureReason").isNotEmpty();
            awaitBalance(alice(), accountId, "10.00");
        }

        @Test
        void without_or_with_a_blank_idempotency_key_is_400() {
            String accountId = fundedAccount(alice(), "0.00");
            expectProblem(post(alice(), "/api/payments", payment(accountId, "1.00")), 400);
            expectProblem(pay(alice(), " ", payment(accountId, "1.00")), 400);
            expectProblem(pay(alice(), "k".repeat(256), payment(accountId, "1.00")), 400);
        }

        @Test
        void with_bad_money_or_fields_is_400() {
            String accountId = fundedAccount(alice(), "0.00");
            expectProblem(pay(alice(), newKey(), payment(accountId, "0.00")), 400);
            expectProblem(pay(alice(), newKey(), payment(accountId, "1.001")), 400);
            expectProblem(pay(alice(), newKey(), payment(accountId, "1000000000.01")), 400);
            expectProblem(pay(alice(), newKey(), """
                    {"amount": "1.00", "currency": "EUR"}"""), 400);
        }

        /** One rule, "this account may pay", with one answer, whatever is wrong with the account. */
        @Test
        void from_an_account_that_cannot_pay_is_422_and_stores_nothing() {
            String accountId = fundedAccount(alice(), "0.00");
            expectProblem(pay(alice(), newKey(), payment(fundedAccount(bob(), "100.00"), "1.00")), 422);
            expectProblem(pay(alice(), newKey(), payment("no-such-account", "1.00")), 422);
            expectProblem(pay(alice(), newKey(), """
                    {"accountId": "%s", "amount": "1.00", "currency": "USD"}""".formatted(accountId)), 422);
            post(alice(), "/api/accounts/" + accountId + "/close", "").expectStatus().isOk();
            String key = newKey();
            pay(alice(), key, payment(accountId, "1.00")).expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.type").value(type -> assertThat((String) type).endsWith("account-cannot-pay"));
            expectProblem(alice().get().uri("/api/payments/{id}/events",
                    PaymentIdempotency.paymentId("alice", key)).exchange(), 404);
        }

        @Test
        void may_name_an_order_of_the_payer_only() {
            String accountId = fundedAccount(alice(), "10.00");
            String alicesOrder = (String) body(post(alice(), "/api/orders", """
                    {"currency": "EUR"}""").expectStatus().isCreated()).get("orderId");
            String bobsOrder = (String) body(post(bob(), "/api/orders", """
                    {"currency": "EUR"}""").expectStatus().isCreated()).get("orderId");
            String naming = """
                    {"accountId": "%s", "amount": "1.00", "currency": "EUR", "orderId": "%s"}""";
            expectProblem(pay(alice(), newKey(), naming.formatted(accountId, bobsOrder)), 422);
            expectProblem(pay(alice(), newKey(), naming.formatted(accountId, UUID.randomUUID())), 422);
            String paymentId = (String) body(pay(alice(), newKey(), naming.formatted(accountId, alicesOrder))
                    .expectStatus().isCreated()).get("paymentId");
            awaitPayment(alice(), paymentId, "COMPLETED");
            // it only names the order: it does not pay it, so the payments API refunds it as any other
            refund(alice(), paymentId, newKey(), "1.00").expectStatus().isCreated();
            awaitBalance(alice(), accountId, "10.00");
        }
    }

    @Nested
    class Idempotency {

        @Test
        void the_same_key_and_body_again_answers_200_with_the_same_payment_and_debits_once() {
            String accountId = fundedAccount(alice(), "100.00");
            String key = newKey();
            String paymentId = (String) body(pay(alice(), key, payment(accountId, "40.00"))
                    .expectStatus().isCreated()).get("paymentId");
            awaitPayment(alice(), paymentId, "COMPLETED");

            pay(alice(), key, payment(accountId, "40.00"))
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.paymentId").isEqualTo(paymentId)
                    .jsonPath("$.status").isEqualTo("COMPLETED")
                    .jsonPath("$.version").isEqualTo(1);
            awaitBalance(alice(), accountId, "60.00");
            assertThat(eventTypes(alice(), "/api/accounts/{id}/events", accountId))
                    .containsExactly("AccountOpened", "MoneyDeposited", "AccountDebited");
        }

        @Test
        void the_same_key_with_another_body_is_409() {
            String accountId = fundedAccount(alice(), "100.00");
            String key = newKey();
            pay(alice(), key, payment(accountId, "40.00")).expectStatus().isCreated();
            expectProblem(pay(alice(), key, payment(accountId, "41.00")), 409);
        }

        @Test
        void keys_belong_to_the_caller() {
            String key = newKey();
            String alices = (String) body(pay(alice(), key, payment(fundedAccount(alice(), "10.00"), "1.00"))
                    .expectStatus().isCreated()).get("paymentId");
            String bobs = (String) body(pay(bob(), key, payment(fundedAccount(bob(), "10.00"), "1.00"))
                    .expectStatus().isCreated()).get("paymentId");
            assertThat(bobs).isNotEqualTo(alices);
        }

        @Test
        void twenty_simultaneous_requests_with_one_key_make_one_payment_and_one_debit() throws Exception {
            String accountId = fundedAccount(alice(), "100.00");
            String key = newKey();
            int clients = 20;
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Map<String, Object>>> requests = new ArrayList<>();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < clients; i++) {
                requests.add(() -> {
                    start.await();
                    var result = pay(alice(), key, payment(accountId, "40.00"))
                            .expectBody(Map.class).returnResult();
                    statuses.add(result.getStatus().value());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> answer = result.getResponseBody();
                    return answer;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Map<String, Object>>> answers = new ArrayList<>();
                requests.forEach(request -> answers.add(pool.submit(request)));
                start.countDown();
                List<Object> paymentIds = new ArrayList<>();
                for (Future<Map<String, Object>> answer : answers) {
                    paymentIds.add(answer.get().get("paymentId"));
                }
                assertThat(statuses).containsOnly(201, 200);
                assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
                assertThat(paymentIds).hasSize(clients).doesNotContainNull().containsOnly(paymentIds.get(0));
            } finally {
                pool.shutdownNow();
            }
            awaitBalance(alice(), accountId, "60.00");
            assertThat(eventTypes(alice(), "/api/accounts/{id}/events", accountId))
                    .containsExactly("AccountOpened", "MoneyDeposited", "AccountDebited");
        }
    }

    @Nested
    class Refunds {

        @Test
        void partial_then_the_rest_never_more_than_captured() {
            String accountId = fundedAccount(alice(), "100.00");
            String paymentId = completedPayment(alice(), accountId, "40.00");

            String key = newKey();
            Map<String, Object> first = body(refund(alice(), paymentId, key, "15.00").expectStatus().isCreated());
            assertThat(first).containsEntry("paymentId", paymentId).containsEntry("status", "PARTIALLY_REFUNDED");
            refund(alice(), paymentId, key, "15.00")
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.refundId").isEqualTo(first.get("refundId"));
            expectProblem(refund(alice(), paymentId, key, "16.00"), 409);
            expectProblem(refund(alice(), paymentId, newKey(), "25.01"), 422);
            refund(alice(), paymentId, newKey(), "25.00")
                    .expectStatus().isCreated()
                    .expectBody().jsonPath("$.status").isEqualTo("REFUNDED");

            awaitBalance(alice(), accountId, "100.00");
            eventually(() -> alice().get().uri("/api/payments/{id}", paymentId).exchange()
                    .expectBody().jsonPath("$.refunded").isEqualTo("40.00"));
        }

        @Test
        void to_a_closed_account_is_409_and_changes_nothing() {
            String accountId = fundedAccount(alice(), "40.00");
            String paymentId = completedPayment(alice(), accountId, "40.00");
            awaitBalance(alice(), accountId, "0.00");
            post(alice(), "/api/accounts/" + accountId + "/close", "").expectStatus().isOk();

            refund(alice(), paymentId, newKey(), "40.00").expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.type").value(type ->
                            assertThat((String) type).endsWith("account-cannot-take-refund"));
            assertThat(eventTypes(alice(), "/api/payments/{id}/events", paymentId))
                    .containsExactly("PaymentRequested", "PaymentCompleted");
            alice().get().uri("/api/payments/{id}", paymentId).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("COMPLETED").jsonPath("$.refunded").isEqualTo("0.00");
        }

        @Test
        void take_if_match_and_are_allowed_to_the_payer_and_to_admins() {
            String accountId = fundedAccount(alice(), "40.00");
            String paymentId = completedPayment(alice(), accountId, "40.00");
            RestTestClient.ResponseSpec stale = alice().post().uri("/api/payments/{id}/refunds", paymentId)
                    .header("Idempotency-Key", newKey()).header(HttpHeaders.IF_MATCH, "\"0\"")
                    .contentType(MediaType.APPLICATION_JSON).body("""
                            {"amount": "1.00", "currency": "EUR"}""").exchange();
            expectProblem(stale, 412);
            alice().post().uri("/api/payments/{id}/refunds", paymentId)
                    .header("Idempotency-Key", newKey()).header(HttpHeaders.IF_MATCH, "\"1\"")
                    .contentType(MediaType.APPLICATION_JSON).body("""
                            {"amount": "1.00", "currency": "EUR"}""").exchange()
                    .expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
            refund(admin(), paymentId, newKey(), "2.00").expectStatus().isCreated()
                    .expectBody().jsonPath("$.status").isEqualTo("PARTIALLY_REFUNDED");
            awaitBalance(alice(), accountId, "3.00");
        }

        @Test
        void of_a_declined_payment_is_409_and_without_a_key_400() {
            String accountId = fundedAccount(alice(), "0.00");
            String paymentId = (String) body(pay(alice(), newKey(), payment(accountId, "5.00"))
                    .expectStatus().isCreated()).get("paymentId");
            awaitPayment(alice(), paymentId, "DECLINED");
            expectProblem(refund(alice(), paymentId, newKey(), "1.00"), 409);
            expectProblem(post(alice(), "/api/payments/" + paymentId + "/refunds", """
                    {"amount": "1.00", "currency": "EUR"}"""), 400);
        }
    }

    @Nested
    class Ownership {

        @Test
        void another_customers_payment_is_404_and_an_admin_reads_it() {
            String paymentId = completedPayment(alice(), fundedAccount(alice(), "10.00"), "5.00");
            expectProblem(bob().get().uri("/api/payments/{id}", paymentId).exchange(), 404);
            expectProblem(bob().get().uri("/api/payments/{id}/events", paymentId).exchange(), 404);
            expectProblem(refund(bob(), paymentId, newKey(), "1.00"), 404);
            admin().get().uri("/api/payments/{id}", paymentId).exchange().expectStatus().isOk();
            assertThat(eventTypes(alice(), "/api/payments/{id}/events", paymentId))
                    .containsExactly("PaymentRequested", "PaymentCompleted");
            expectProblem(alice().get().uri("/api/payments/{id}", "no-such-payment").exchange(), 404);
        }

        /** Waiting for a version is for the caller's own payments: whose it is comes first. */
        @Test
        void waiting_for_a_version_of_another_customers_or_an_unknown_payment_is_404_at_once() {
            String paymentId = completedPayment(alice(), fundedAccount(alice(), "10.00"), "5.00");
            // with a token, so that the time is the waiting's, not the password check's (bcrypt)
            RestTestClient bobsToken = withToken(tokenOf("bob", "bob-pw"));
            long started = System.nanoTime();
            expectProblem(bobsToken.get().uri("/api/payments/{id}?minVersion=99", paymentId).exchange(), 404);
            expectProblem(bobsToken.get().uri("/api/payments/{id}?minVersion=99", "no-such-payment").exchange(), 404);
            // the read-your-writes timeout of these tests is 3 s: neither request waited for it
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            expectProblem(alice().get().uri("/api/payments/{id}?minVersion=99", paymentId).exchange(), 504);
        }

        @Test
        void history_rebuilds_the_payment_at_a_version_for_its_payer_only() {
            String paymentId = completedPayment(alice(), fundedAccount(alice(), "10.00"), "5.00");
            alice().get().uri("/api/payments/{id}/history?atVersion=0", paymentId).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("REQUESTED")
                    .jsonPath("$.amount").isEqualTo("5.00")
                    .jsonPath("$.version").isEqualTo(0);
            alice().get().uri("/api/payments/{id}/history?atVersion=1", paymentId).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
            expectProblem(alice().get().uri("/api/payments/{id}/history?atVersion=2", paymentId).exchange(), 404);
            expectProblem(bob().get().uri("/api/payments/{id}/history?atVersion=0", paymentId).exchange(), 404);
            expectProblem(alice().get().uri("/api/payments/{id}/history?atVersion=-1", paymentId).exchange(), 400);
        }
    }

    @Nested
    class OrderToRefund {

        @Test
        void cart_checkout_paid_debited_once_then_cancel_refunds_it() {
            String accountId = fundedAccount(alice(), "100.00");
            String orderId = (String) body(post(alice(), "/api/orders", """
                    {"currency": "EUR"}""").expectStatus().isCreated()).get("orderId");
            post(alice(), "/api/orders/" + orderId + "/items", """
                    {"productId": "book", "quantity": 2, "unitPrice": "12.50"}""").expectStatus().isOk();
            post(alice(), "/api/orders/" + orderId + "/checkout", """
                    {"accountId": "%s"}""".formatted(accountId)).expectStatus().isAccepted();

            eventually(() -> alice().get().uri("/api/orders/{id}", orderId).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("PAID"));
            String paymentId = (String) body(alice().get().uri("/api/orders/{id}", orderId).exchange()).get("paymentId");
            awaitBalance(alice(), accountId, "75.00");
            // the payments read model is a processor of its own: it may be behind the orders one
            eventually(() -> alice().get().uri("/api/payments/{id}", paymentId).exchange()
                    .expectBody().jsonPath("$.orderId").isEqualTo(orderId));

            // the order's payment goes back with the order, not through the payments API
            expectProblem(refund(alice(), paymentId, newKey(), "25.00"), 409);
            alice().get().uri("/api/orders/{id}", orderId).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("PAID");

            post(alice(), "/api/orders/" + orderId + "/cancel", "").expectStatus().isOk();
            awaitPayment(alice(), paymentId, "REFUNDED");
            expectProblem(post(admin(), "/api/orders/" + orderId + "/ship", ""), 409);
            awaitBalance(alice(), accountId, "100.00");
            assertThat(eventTypes(alice(), "/api/accounts/{id}/events", accountId))
                    .containsExactly("AccountOpened", "MoneyDeposited", "AccountDebited", "RefundCredited");
        }
    }
}
