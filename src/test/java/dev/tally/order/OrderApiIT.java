package dev.tally.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The "Orders" section of the API contract, through HTTP. */
class OrderApiIT extends ApiTest {

    private String cart(RestTestClient client, String currency) {
        return (String) body(post(client, "/api/orders", """
                {"currency": "%s"}""".formatted(currency)).expectStatus().isCreated()).get("orderId");
    }

    private RestTestClient.ResponseSpec addItem(RestTestClient client, String orderId, String json) {
        return post(client, "/api/orders/" + orderId + "/items", json);
    }

    private String cartWithBooksAndPen(RestTestClient client) {
        String orderId = cart(client, "EUR");
        addItem(client, orderId, """
                {"productId": "book", "quantity": 2, "unitPrice": "12.50"}""").expectStatus().isOk();
        addItem(client, orderId, """
                {"productId": "pen", "quantity": 1, "unitPrice": 3.2}""").expectStatus().isOk();
        return orderId;
    }

    private String account(RestTestClient client, String currency) {
        return (String) body(post(client, "/api/accounts", """
                {"holderName": "Holder", "currency": "%s"}""".formatted(currency))
                .expectStatus().isCreated()).get("accountId");
    }

    private RestTestClient.ResponseSpec checkOut(RestTestClient client, String orderId, String accountId) {
        return post(client, "/api/orders/" + orderId + "/checkout", """
                {"accountId": "%s"}""".formatted(accountId));
    }

    /** A checked-out order whose payment (by the payment process) has completed. */
    private String paidOrder() {
        String orderId = cartWithBooksAndPen(alice());
        String accountId = account(alice(), "EUR");
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "100.00", "currency": "EUR"}""").expectStatus().isOk();
        checkOut(alice(), orderId, accountId).expectStatus().isAccepted();
        awaitStatus(orderId, "PAID");
        return orderId;
    }

    /** The payment process runs after checkout answered: wait for its outcome on the order. */
    private void awaitStatus(String orderId, String status) {
        eventually(() -> alice().get().uri("/api/orders/{id}", orderId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo(status));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String orderId) {
        return alice().get().uri("/api/orders/{id}/events", orderId).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    @Nested
    class CreatingACart {

        @Test
        void answers_201_with_location_id_and_version_0() {
            post(alice(), "/api/orders", """
                    {"currency": "EUR"}""")
                    .expectStatus().isCreated()
                    .expectHeader().valueMatches(HttpHeaders.LOCATION, ".*/api/orders/[0-9a-f-]{36}")
                    .expectBody()
                    .jsonPath("$.orderId").isNotEmpty()
                    .jsonPath("$.version").isEqualTo(0);
        }

        @Test
        void in_an_unknown_or_missing_currency_is_400() {
            expectProblem(post(alice(), "/api/orders", """
                    {"currency": "XYZ"}"""), 400);
            expectProblem(post(alice(), "/api/orders", "{}"), 400);
            expectProblem(post(alice(), "/api/orders", """
                    {"currency": "EUR", "coupon": "FREE"}"""), 400);
        }

        @Test
        void needs_a_login() {
            post(anonymous(), "/api/orders", """
                    {"currency": "EUR"}""").expectStatus().isUnauthorized();
        }
    }

    @Nested
    class AddingAndRemovingItems {

        @Test
        void adds_lines_and_adds_quantity_to_the_line_of_the_same_product() {
            String orderId = cartWithBooksAndPen(alice());
            addItem(alice(), orderId, """
                    {"productId": "book", "quantity": 1, "unitPrice": "12.50"}""")
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"")
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(3)
                    .jsonPath("$.status").isEqualTo("CART")
                    .jsonPath("$.total").isEqualTo("40.70")
                    .jsonPath("$.currency").isEqualTo("EUR");

            alice().get().uri("/api/orders/{id}?minVersion=3", orderId).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.lines.length()").isEqualTo(2)
                    .jsonPath("$.lines[0].productId").isEqualTo("book")
                    .jsonPath("$.lines[0].quantity").isEqualTo(3)
                    .jsonPath("$.lines[0].unitPrice").isEqualTo("12.50")
                    .jsonPath("$.lines[0].lineTotal").isEqualTo("37.50")
                    .jsonPath("$.lines[1].unitPrice").isEqualTo("3.20")
                    .jsonPath("$.total").isEqualTo("40.70");
        }

        @Test
        void removes_a_line() {
            String orderId = cartWithBooksAndPen(alice());
            alice().delete().uri("/api/orders/{id}/items/{product}", orderId, "book").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(3)
                    .jsonPath("$.total").isEqualTo("3.20");
            expectProblem(alice().delete().uri("/api/orders/{id}/items/{product}", orderId, "book").exchange(), 404);
        }

        @Test
        void with_invalid_fields_is_400_naming_the_field() {
            String orderId = cart(alice(), "EUR");
            for (String json : List.of(
                    """
                    {"productId": "book", "quantity": 0, "unitPrice": "1.00"}""",
                    """
                    {"productId": "book", "quantity": 1001, "unitPrice": "1.00"}""",
                    """
                    {"productId": "book", "quantity": 2.5, "unitPrice": "1.00"}""",
                    """
                    {"productId": " ", "quantity": 1, "unitPrice": "1.00"}""",
                    """
                    {"productId": "%s", "quantity": 1, "unitPrice": "1.00"}""".formatted("p".repeat(65)),
                    """
                    {"productId": "book", "quantity": 1, "unitPrice": "1.005"}""",
                    """
                    {"productId": "book", "quantity": 1, "unitPrice": "-1.00"}""",
                    """
                    {"productId": "book", "quantity": 1}""",
                    """
                    {"productId": "bo\\u0000ok", "quantity": 1, "unitPrice": "1.00"}""")) {
                expectProblem(addItem(alice(), orderId, json), 400);
            }
            addItem(alice(), orderId, """
                    {"productId": "book", "quantity": 1, "unitPrice": "1.005"}""")
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("unitPrice");
            assertThat(events(orderId)).hasSize(1);
        }

        @Test
        void at_another_price_for_the_same_product_is_422_and_appends_nothing() {
            String orderId = cartWithBooksAndPen(alice());
            expectProblem(addItem(alice(), orderId, """
                    {"productId": "book", "quantity": 1, "unitPrice": "9.99"}"""), 422);
            assertThat(events(orderId)).hasSize(3);
        }

        @Test
        void with_a_stale_if_match_is_412() {
            String orderId = cartWithBooksAndPen(alice());
            expectProblem(alice().post().uri("/api/orders/{id}/items", orderId)
                    .header(HttpHeaders.IF_MATCH, "\"1\"")
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body("""
                            {"productId": "cup", "quantity": 1, "unitPrice": "4.00"}""")
                    .exchange(), 412);
        }

        @Test
        void to_another_customers_or_an_unknown_order_or_another_kind_of_entity_is_404() {
            String orderId = cart(alice(), "EUR");
            String json = """
                    {"productId": "book", "quantity": 1, "unitPrice": "1.00"}""";
            expectProblem(addItem(bob(), orderId, json), 404);
            expectProblem(addItem(alice(), "no-such-order", json), 404);
            expectProblem(addItem(alice(), account(alice(), "EUR"), json), 404);
            expectProblem(post(alice(), "/api/accounts/" + orderId + "/deposits", """
                    {"amount": "1.00", "currency": "EUR"}"""), 404);
        }
    }

    @Nested
    class CheckingOut {

        @Test
        void answers_202_payment_pending_and_fixes_the_cart() {
            String orderId = cartWithBooksAndPen(alice());
            String accountId = account(alice(), "EUR");
            checkOut(alice(), orderId, accountId)
                    .expectStatus().isAccepted()
                    .expectBody()
                    .jsonPath("$.orderId").isEqualTo(orderId)
                    .jsonPath("$.version").isEqualTo(3)
                    .jsonPath("$.status").isEqualTo("PAYMENT_PENDING");
            expectProblem(addItem(alice(), orderId, """
                    {"productId": "cup", "quantity": 1, "unitPrice": "4.00"}"""), 409);
        }

        @Test
        void from_an_account_without_the_money_ends_in_payment_failed() {
            String orderId = cartWithBooksAndPen(alice());
            checkOut(alice(), orderId, account(alice(), "EUR")).expectStatus().isAccepted();
            awaitStatus(orderId, "PAYMENT_FAILED");
            alice().get().uri("/api/orders/{id}", orderId).exchange()
                    .expectBody().jsonPath("$.paymentId").isNotEmpty();
        }

        @Test
        void of_an_empty_cart_is_409() {
            expectProblem(checkOut(alice(), cart(alice(), "EUR"), account(alice(), "EUR")), 409);
        }

        @Test
        void from_an_account_that_is_not_the_callers_or_in_another_currency_is_422() {
            String orderId = cartWithBooksAndPen(alice());
            expectProblem(checkOut(alice(), orderId, account(bob(), "EUR")), 422);
            expectProblem(checkOut(alice(), orderId, account(alice(), "USD")), 422);
            expectProblem(checkOut(alice(), orderId, "no-such-account"), 422);
            expectProblem(post(alice(), "/api/orders/" + orderId + "/checkout", "{}"), 400);
            expectProblem(post(alice(), "/api/orders/" + orderId + "/checkout", """
                    {"accountId": "\\u0000"}"""), 400);
            assertThat(events(orderId)).hasSize(3);
        }
    }

    @Nested
    @SuppressWarnings("unchecked")
    class CancellingAndShipping {

        @Test
        void a_cart_is_cancelled() {
            String orderId = cartWithBooksAndPen(alice());
            post(alice(), "/api/orders/" + orderId + "/cancel", "")
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("CANCELLED")
                    .jsonPath("$.version").isEqualTo(3);
            expectProblem(post(alice(), "/api/orders/" + orderId + "/cancel", ""), 409);
        }

        @Test
        void only_an_admin_ships_and_only_a_paid_order() {
            String cartId = cartWithBooksAndPen(alice());
            expectProblem(post(admin(), "/api/orders/" + cartId + "/ship", ""), 409);

            String orderId = paidOrder();
            expectProblem(post(alice(), "/api/orders/" + orderId + "/ship", ""), 403);
            post(admin(), "/api/orders/" + orderId + "/ship", "")
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("SHIPPED")
                    .jsonPath("$.version").isEqualTo(5);
            alice().get().uri("/api/orders/{id}?minVersion=5", orderId).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("SHIPPED")
                    .jsonPath("$.paymentId").isNotEmpty();
        }

        @Test
        void a_paid_order_is_cancelled_as_paid() {
            String orderId = paidOrder();
            post(alice(), "/api/orders/" + orderId + "/cancel", "").expectStatus().isOk();
            Map<String, Object> cancelled = events(orderId).get(5);
            assertThat(cancelled).containsEntry("type", "OrderCancelled");
            assertThat((Map<String, Object>) cancelled.get("payload")).containsEntry("wasPaid", true);
        }
    }

    @Nested
    @SuppressWarnings("unchecked")
    class Reading {

        @Test
        void gives_the_contract_fields_with_an_etag() {
            String orderId = cartWithBooksAndPen(alice());
            alice().get().uri("/api/orders/{id}?minVersion=2", orderId).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                    .expectBody()
                    .jsonPath("$.orderId").isEqualTo(orderId)
                    .jsonPath("$.status").isEqualTo("CART")
                    .jsonPath("$.currency").isEqualTo("EUR")
                    .jsonPath("$.total").isEqualTo("28.20")
                    .jsonPath("$.version").isEqualTo(2)
                    .jsonPath("$.paymentId").doesNotExist()
                    .jsonPath("$.owner").doesNotExist();
        }

        @Test
        void in_yen_shows_whole_yen() {
            String orderId = cart(alice(), "JPY");
            addItem(alice(), orderId, """
                    {"productId": "tea", "quantity": 3, "unitPrice": 1200}""").expectStatus().isOk();
            alice().get().uri("/api/orders/{id}?minVersion=1", orderId).exchange()
                    .expectBody()
                    .jsonPath("$.lines[0].unitPrice").isEqualTo("1200")
                    .jsonPath("$.total").isEqualTo("3600");
        }

        @Test
        void another_customers_order_is_404_and_an_admin_sees_it() {
            String orderId = cart(alice(), "EUR");
            alice().get().uri("/api/orders/{id}?minVersion=0", orderId).exchange().expectStatus().isOk();
            expectProblem(bob().get().uri("/api/orders/{id}", orderId).exchange(), 404);
            // whose it is comes before any waiting: no 504 that an unknown order would not get
            // with a token, so that the time is the waiting's, not the password check's (bcrypt)
            RestTestClient bobsToken = withToken(tokenOf("bob", "bob-pw"));
            long started = System.nanoTime();
            expectProblem(bobsToken.get().uri("/api/orders/{id}?minVersion=99", orderId).exchange(), 404);
            expectProblem(bobsToken.get().uri("/api/orders/{id}?minVersion=99", "no-such-order").exchange(), 404);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            admin().get().uri("/api/orders/{id}", orderId).exchange().expectStatus().isOk();
            expectProblem(bob().get().uri("/api/orders/{id}/events", orderId).exchange(), 404);
            expectProblem(alice().get().uri("/api/orders/{id}", "no-such-order").exchange(), 404);
        }

        @Test
        void the_audit_trail_lists_every_event_oldest_first_with_who_did_it() {
            String orderId = cartWithBooksAndPen(alice());
            List<Map<String, Object>> events = events(orderId);
            assertThat(events).extracting(event -> event.get("type"))
                    .containsExactly("CartCreated", "ItemAdded", "ItemAdded");
            assertThat(events).extracting(event -> event.get("revision")).containsOnly("1");
            assertThat((Map<String, Object>) events.get(1).get("metadata")).containsEntry("username", subjectOf("alice"));
            expectProblem(alice().get().uri("/api/orders/{id}/events", account(alice(), "EUR")).exchange(), 404);
        }

        @Test
        void history_rebuilds_the_order_at_each_version_from_the_event_store() {
            String orderId = paidOrder();
            post(alice(), "/api/orders/" + orderId + "/cancel", "").expectStatus().isOk();
            alice().get().uri("/api/orders/{id}/history?atVersion=0", orderId).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"")
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("CART")
                    .jsonPath("$.total").isEqualTo("0.00")
                    .jsonPath("$.lines.length()").isEqualTo(0);
            alice().get().uri("/api/orders/{id}/history?atVersion=1", orderId).exchange()
                    .expectBody()
                    .jsonPath("$.lines.length()").isEqualTo(1)
                    .jsonPath("$.total").isEqualTo("25.00");
            alice().get().uri("/api/orders/{id}/history?atVersion=3", orderId).exchange()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("PAYMENT_PENDING")
                    .jsonPath("$.total").isEqualTo("28.20")
                    .jsonPath("$.paymentId").exists();
            alice().get().uri("/api/orders/{id}/history?atVersion=4", orderId).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("PAID");
            alice().get().uri("/api/orders/{id}/history?asOf={now}", orderId, java.time.Instant.now().toString())
                    .exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
            expectProblem(alice().get().uri("/api/orders/{id}/history?atVersion=9", orderId).exchange(), 404);
            expectProblem(bob().get().uri("/api/orders/{id}/history?atVersion=0", orderId).exchange(), 404);
            expectProblem(alice().get().uri("/api/orders/{id}/history", orderId).exchange(), 400);
            admin().get().uri("/api/orders/{id}/history?atVersion=0", orderId).exchange().expectStatus().isOk();
        }
    }
}
