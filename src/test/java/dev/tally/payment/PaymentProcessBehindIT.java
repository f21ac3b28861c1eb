package dev.tally.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tally.support.ApiTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The money chain when the payment process is stopped or behind, as after a crash or under a
 * backlog: the payment times itself out from its request, a debit that comes after that goes back,
 * and a refund accepted while the account was open but credited only after it closed fails visibly
 * instead of counting. Money is conserved in every case: the account ends where it started, or
 * where the refunds that were credited put it.
 */
@TestPropertySource(properties = "tally.payments.timeout.after=2s")
class PaymentProcessBehindIT extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;

    private EventProcessor paymentProcess() {
        return processing.eventProcessor(PaymentProcess.PROCESSING_GROUP).orElseThrow();
    }

    @Autowired
    private EventStore eventStore;

    /** The payment process has handled every event stored until now. */
    private void awaitProcessorsCaughtUp() {
        long head = eventStore.createHeadToken().position().orElse(0);
        StreamingEventProcessor process = (StreamingEventProcessor) paymentProcess();
        eventually(() -> assertThat(process.processingStatus().values()).isNotEmpty()
                .allMatch(segment -> segment.getCurrentPosition().orElse(-1) >= head));
    }

    @AfterEach
    void processRunsAgain() {
        paymentProcess().start();
    }

    private String account(String deposit) {
        String accountId = (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Payer", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "%s", "currency": "EUR"}""".formatted(deposit)).expectStatus().isOk();
        return accountId;
    }

    private static RestTestClient.ResponseSpec withKey(RestTestClient client, String path, String json) {
        return client.post().uri(path).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).body(json).exchange();
    }

    private void awaitField(String path, String field, String value) {
        eventually(() -> alice().get().uri(path).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$." + field).isEqualTo(value));
    }

    @SuppressWarnings("unchecked")
    private List<String> eventTypes(String path) {
        List<Map<String, Object>> events = alice().get().uri(path).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return events.stream().map(event -> (String) event.get("type")).toList();
    }

    @Test
    void a_payment_is_debited_with_its_request_and_completes_by_its_clock_while_the_process_is_stopped() {
        String accountId = account("100.00");
        paymentProcess().shutDown();

        String paymentId = (String) body(withKey(alice(), "/api/payments", """
                {"accountId": "%s", "amount": "40.00", "currency": "EUR"}""".formatted(accountId))
                .expectStatus().isCreated()).get("paymentId");
        // the money moved before the answer, without the process
        assertThat(eventTypes("/api/accounts/" + accountId + "/events"))
                .containsExactly("AccountOpened", "MoneyDeposited", "AccountDebited");
        awaitField("/api/payments/" + paymentId, "status", "COMPLETED");

        // the process catches up and debits nothing more
        paymentProcess().start();
        awaitProcessorsCaughtUp();
        assertThat(eventTypes("/api/accounts/" + accountId + "/events"))
                .containsExactly("AccountOpened", "MoneyDeposited", "AccountDebited");
        awaitField("/api/accounts/" + accountId, "balance", "60.00");
        assertThat(eventTypes("/api/payments/" + paymentId + "/events"))
                .containsExactly("PaymentRequested", "PaymentCompleted");
    }

    @Test
    void a_payment_not_debited_in_time_is_declined_and_a_late_debit_goes_back() {
        // too little money at the request: the debit with it is refused, and the process is stopped
        String accountId = account("10.00");
        paymentProcess().shutDown();

        String paymentId = (String) body(withKey(alice(), "/api/payments", """
                {"accountId": "%s", "amount": "40.00", "currency": "EUR"}""".formatted(accountId))
                .expectStatus().isCreated()).get("paymentId");
        // nothing debits it: after its timeout it declines itself
        awaitField("/api/payments/" + paymentId, "status", "DECLINED");
        assertThat(eventTypes("/api/payments/" + paymentId + "/events"))
                .containsExactly("PaymentRequested", "PaymentDeclined");

        // money arrives, and the process catches up: it debits the declined payment, and gives the money back
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "90.00", "currency": "EUR"}""").expectStatus().isOk();
        paymentProcess().start();
        eventually(() -> assertThat(eventTypes("/api/accounts/" + accountId + "/events"))
                .containsExactly("AccountOpened", "MoneyDeposited", "MoneyDeposited", "AccountDebited",
                        "DebitReturned"));
        awaitField("/api/accounts/" + accountId, "balance", "100.00");
        awaitField("/api/payments/" + paymentId, "status", "DECLINED");
    }

    @Test
    void a_checkout_whose_payment_times_out_fails_the_order_once_the_process_runs_and_it_can_be_cancelled() {
        // too little money for the book: the debit with the checkout is refused
        String accountId = account("10.00");
        String orderId = (String) body(post(alice(), "/api/orders", """
                {"currency": "EUR"}""").expectStatus().isCreated()).get("orderId");
        post(alice(), "/api/orders/" + orderId + "/items", """
                {"productId": "book", "quantity": 1, "unitPrice": "30.00"}""").expectStatus().isOk();
        paymentProcess().shutDown();

        post(alice(), "/api/orders/" + orderId + "/checkout", """
                {"accountId": "%s"}""".formatted(accountId)).expectStatus().isAccepted();
        // the checkout requested its payment itself, so the payment's clock runs without the process
        String paymentId = PaymentIdempotency.checkoutPaymentId(orderId, 2);
        awaitField("/api/payments/" + paymentId, "status", "DECLINED");

        paymentProcess().start();
        awaitField("/api/orders/" + orderId, "status", "PAYMENT_FAILED");
        post(alice(), "/api/orders/" + orderId + "/cancel", "").expectStatus().isOk();
        awaitField("/api/accounts/" + accountId, "balance", "10.00");
    }

    @Test
    void a_refund_accepted_before_its_account_closed_fails_visibly_and_never_counts() {
        String accountId = account("40.00");
        String paymentId = (String) body(withKey(alice(), "/api/payments", """
                {"accountId": "%s", "amount": "40.00", "currency": "EUR"}""".formatted(accountId))
                .expectStatus().isCreated()).get("paymentId");
        awaitField("/api/payments/" + paymentId, "status", "COMPLETED");
        awaitField("/api/accounts/" + accountId, "balance", "0.00");

        paymentProcess().shutDown();
        withKey(alice(), "/api/payments/" + paymentId + "/refunds", """
                {"amount": "40.00", "currency": "EUR"}""").expectStatus().isCreated();
        // the account closes before the process credits the refund
        post(alice(), "/api/accounts/" + accountId + "/close", "").expectStatus().isOk();
        paymentProcess().start();

        eventually(() -> assertThat(eventTypes("/api/payments/" + paymentId + "/events"))
                .containsExactly("PaymentRequested", "PaymentCompleted", "PaymentRefunded", "RefundFailed"));
        awaitField("/api/payments/" + paymentId, "refunded", "0.00");
        awaitField("/api/payments/" + paymentId, "status", "COMPLETED");
        // nothing was credited, and nothing counts as refunded: the 40.00 stays paid
        assertThat(eventTypes("/api/accounts/" + accountId + "/events"))
                .containsExactly("AccountOpened", "MoneyDeposited", "AccountDebited", "AccountClosed");
    }
}
