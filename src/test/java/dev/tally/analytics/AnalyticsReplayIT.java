package dev.tally.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tally.analytics.api.FindHourlySales;
import dev.tally.analytics.api.FindLookToBook;
import dev.tally.analytics.api.HourlySales;
import dev.tally.analytics.api.LookToBook;
import dev.tally.support.ApiTest;
import dev.tally.support.Replay;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Each analytics processor replayed from the first event rebuilds the same rows: the read models
 * are derived from the event store and nothing else.
 */
class AnalyticsReplayIT extends ApiTest {

    @Autowired
    private ApplicationContext app;
    @Autowired
    private QueryGateway queries;

    private List<HourlySales> hourlySales() {
        return queries.query(new FindHourlySales(Instant.EPOCH, Instant.now().plus(Duration.ofDays(1))),
                ResponseTypes.multipleInstancesOf(HourlySales.class)).join();
    }

    private List<LookToBook> lookToBook() {
        return queries.query(new FindLookToBook(), ResponseTypes.multipleInstancesOf(LookToBook.class)).join();
    }

    /**
     * Some of what the analytics processors read: views, a paid order, a cancelled one. Abandoned
     * carts need the real deadline; their replay is tested in AbandonedCartIT.
     */
    private void storeSomeHistory() {
        String product = "replay-" + UUID.randomUUID();
        post(alice(), "/api/products/" + product + "/views", "").expectStatus().isAccepted();
        post(bob(), "/api/products/" + product + "/views", "").expectStatus().isAccepted();
        String accountId = (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Alice", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "100.00", "currency": "EUR"}""").expectStatus().isOk();
        String paidThenCancelled = paidOrder(accountId, product);
        paidOrder(accountId, product);
        post(alice(), "/api/orders/" + paidThenCancelled + "/cancel", "").expectStatus().isOk();
    }

    private String paidOrder(String accountId, String product) {
        String orderId = (String) body(post(alice(), "/api/orders", """
                {"currency": "EUR"}""").expectStatus().isCreated()).get("orderId");
        post(alice(), "/api/orders/" + orderId + "/items", """
                {"productId": "%s", "quantity": 2, "unitPrice": "5.00"}""".formatted(product)).expectStatus().isOk();
        post(alice(), "/api/orders/" + orderId + "/checkout", """
                {"accountId": "%s"}""".formatted(accountId)).expectStatus().isAccepted();
        eventually(() -> alice().get().uri("/api/orders/{id}", orderId).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("PAID"));
        return orderId;
    }

    @Test
    void hourly_sales_and_look_to_book_replayed_from_the_start_give_the_same_rows() {
        storeSomeHistory();

        Replay.of(app, HourlySalesProjection.PROCESSING_GROUP).givesTheSameRows(this::hourlySales);
        Replay.of(app, LookToBookProjection.PROCESSING_GROUP).givesTheSameRows(this::lookToBook);
    }
}
