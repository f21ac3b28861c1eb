package dev.tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The "Analytics" section of the API contract and the product-view endpoint, through HTTP, fed by
 * a real flow: views, a cart, checkout and the payment process. Its orders are in CHF, which no
 * other test uses, so the hourly figures it expects are its own.
 */
class AnalyticsApiIT extends ApiTest {

    private static final List<String> ENDPOINTS = List.of(
            "/api/analytics/sales/hourly", "/api/analytics/look-to-book", "/api/analytics/abandoned-carts");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(RestTestClient client, String uri) {
        return client.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    /** An order of alice's, paid from an account of hers with 100.00 in it. */
    private record PaidOrder(String accountId, String orderId) {
    }

    private PaidOrder paidOrder(String currency, String productId, int quantity, String unitPrice) {
        String accountId = (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Alice", "currency": "%s"}""".formatted(currency)).expectStatus().isCreated())
                .get("accountId");
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "100.00", "currency": "%s"}""".formatted(currency)).expectStatus().isOk();
        String orderId = (String) body(post(alice(), "/api/orders", """
                {"currency": "%s"}""".formatted(currency)).expectStatus().isCreated()).get("orderId");
        post(alice(), "/api/orders/" + orderId + "/items", """
                {"productId": "%s", "quantity": %d, "unitPrice": "%s"}""".formatted(productId, quantity, unitPrice))
                .expectStatus().isOk();
        post(alice(), "/api/orders/" + orderId + "/checkout", """
                {"accountId": "%s"}""".formatted(accountId)).expectStatus().isAccepted();
        eventually(() -> alice().get().uri("/api/orders/{id}", orderId).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("PAID"));
        return new PaidOrder(accountId, orderId);
    }

    @Test
    void are_for_admins_only() {
        for (String endpoint : ENDPOINTS) {
            expectProblem(anonymous().get().uri(endpoint).exchange(), 401);
            expectProblem(alice().get().uri(endpoint).exchange(), 403);
            admin().get().uri(endpoint).exchange().expectStatus().isOk();
        }
    }

    @Test
    void views_and_a_paid_order_show_in_look_to_book_and_hourly_sales() {
        String product = "analytics-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            post(alice(), "/api/products/" + product + "/views", "").expectStatus().isAccepted();
            post(bob(), "/api/products/" + product + "/views", "").expectStatus().isAccepted();
        }
        paidOrder("CHF", product, 4, "2.50");

        eventually(() -> assertThat(list(admin(), "/api/analytics/look-to-book"))
                .contains(Map.of("productId", product, "views", 6, "unitsSold", 4, "ratio", 1.5)));
        eventually(() -> assertThat(list(admin(), "/api/analytics/sales/hourly"))
                .filteredOn(row -> "CHF".equals(row.get("currency")))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row).containsEntry("orders", 1).containsEntry("revenue", "10.00");
                    assertThat((String) row.get("hour")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00Z");
                }));
    }

    /**
     * The analytics follow the money: the payment of an order goes back only with the order, so a
     * refund through the payments API is refused and counts nowhere, and the cancellation that
     * refunds it takes the sale back. SEK, which no other test uses.
     */
    @Test
    void an_orders_payment_refunded_only_by_cancelling_it_and_the_sale_is_taken_back_with_it() {
        String product = "refunded-" + UUID.randomUUID();
        PaidOrder paid = paidOrder("SEK", product, 3, "5.00");
        String orderId = paid.orderId();
        String paymentId = (String) body(alice().get().uri("/api/orders/{id}", orderId).exchange()).get("paymentId");
        eventually(() -> assertThat(sek()).isEqualTo(Map.of("orders", 1L, "revenue", "15.00")));

        alice().post().uri("/api/payments/{id}/refunds", paymentId).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"amount": "15.00", "currency": "SEK"}""").exchange()
                .expectStatus().isEqualTo(409);
        eventually(() -> assertThat(list(admin(), "/api/analytics/look-to-book"))
                .filteredOn(row -> product.equals(row.get("productId"))).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("unitsSold", 3)));
        assertThat(sek()).isEqualTo(Map.of("orders", 1L, "revenue", "15.00"));

        post(alice(), "/api/orders/" + orderId + "/cancel", "").expectStatus().isOk();
        eventually(() -> assertThat(sek()).isEqualTo(Map.of("orders", 0L, "revenue", "0.00")));
        eventually(() -> assertThat(list(admin(), "/api/analytics/look-to-book"))
                .filteredOn(row -> product.equals(row.get("productId"))).isEmpty());
        eventually(() -> alice().get().uri("/api/accounts/{id}", paid.accountId()).exchange()
                .expectBody().jsonPath("$.balance").isEqualTo("100.00"));
    }

    /** Paid orders and revenue in SEK, over all hours. */
    private Map<String, Object> sek() {
        List<Map<String, Object>> rows = list(admin(), "/api/analytics/sales/hourly").stream()
                .filter(row -> "SEK".equals(row.get("currency"))).toList();
        long orders = rows.stream().mapToLong(row -> ((Number) row.get("orders")).longValue()).sum();
        BigDecimal revenue = rows.stream().map(row -> new BigDecimal((String) row.get("revenue")))
                .reduce(new BigDecimal("0.00"), BigDecimal::add);
        return Map.of("orders", orders, "revenue", revenue.toPlainString());
    }

    @Test
    void hourly_sales_take_a_range_and_reject_a_bad_one() {
        assertThat(list(admin(), "/api/analytics/sales/hourly?from=1999-01-01T00:00:00Z&to=1999-01-02T00:00:00Z"))
                .isEmpty();
        expectProblem(admin().get().uri("/api/analytics/sales/hourly?from=yesterday").exchange(), 400);
        admin().get().uri("/api/analytics/sales/hourly?from=yesterday").exchange()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        expectProblem(admin().get()
                .uri("/api/analytics/sales/hourly?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").exchange(), 400);
        expectProblem(admin().get()
                .uri("/api/analytics/sales/hourly?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").exchange(), 400);
    }

    @Test
    void a_product_view_needs_a_login_and_a_product_id_of_at_most_64_characters() {
        post(anonymous(), "/api/products/book/views", "").expectStatus().isUnauthorized();
        expectProblem(post(alice(), "/api/products/" + "p".repeat(65) + "/views", ""), 400);
        expectProblem(alice().post().uri("/api/products/{id}/views", " ").exchange(), 400);
        // an encoded percent sign is refused by Spring Security's firewall, still as a problem
        expectProblem(post(alice(), "/api/products/%20/views", ""), 400);
    }
}
