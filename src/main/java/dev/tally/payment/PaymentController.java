package dev.tally.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tally.payment.PaymentJson.PaymentAccepted;
import dev.tally.payment.PaymentJson.PaymentRequest;
import dev.tally.payment.PaymentJson.PaymentResponse;
import dev.tally.payment.PaymentJson.RefundAccepted;
import dev.tally.payment.PaymentJson.RefundRequest;
import dev.tally.payment.RequestingPayment.Outcome;
import dev.tally.payment.api.FindPayment;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RefundState;
import dev.tally.shared.InvalidInput;
import dev.tally.shared.eventstore.PointInTime;
import dev.tally.shared.eventstore.StoredEvent;
import dev.tally.shared.web.AuditTrailResponse;
import dev.tally.shared.eventstore.AuditTrail;
import dev.tally.shared.money.Money;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The payments API: JSON to commands and queries and back. Rules live in {@link Payment}. */
@Tag(name = "payments", description = "Payments and refunds, idempotent by key")
@RestController
@RequestMapping("/api/payments")
class PaymentController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final RequestingPayment requesting;
    private final RefundingPayment refunding;
    private final PaymentHistory history;
    private final QueryGateway queries;

    PaymentController(RequestingPayment requesting, RefundingPayment refunding, PaymentHistory history,
                      QueryGateway queries) {
        this.requesting = requesting;
        this.refunding = refunding;
        this.history = history;
        this.queries = queries;
    }

    /** 201 for a new payment; 200 with the same payment for a retry of the same request. */
    @Operation(summary = "Pay from an account, idempotently (Idempotency-Key)")
    @PostMapping
    ResponseEntity<PaymentAccepted> pay(@RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
                                        @Valid @RequestBody PaymentRequest request, Caller caller,
                                        UriComponentsBuilder uri) {
        Money amount = Money.positive("amount", request.amount(), Money.currency(request.currency()));
        Outcome outcome = requesting.request(caller.subject(), checked(idempotencyKey),
                new PaymentIdempotency.Request(request.accountId(), amount, request.orderId(), request.description()));
        PaymentView payment = outcome.payment();
        var response = outcome.created()
                ? ResponseEntity.created(uri.path("/api/payments/{id}").build(payment.paymentId()))
                : ResponseEntity.ok();
        return response.eTag(IfMatch.entityTag(payment.version())).body(PaymentAccepted.of(payment));
    }

    /** 201 for a new refund; 200 for a retry with the same key, which refunds nothing more. */
    @Operation(summary = "Refund part or all of a payment, idempotently (Idempotency-Key)")
    @PostMapping("/{paymentId}/refunds")
    ResponseEntity<RefundAccepted> refund(@PathVariable String paymentId,
                                          @RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
                                          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                          @Valid @RequestBody RefundRequest request, Caller caller) {
        Money amount = Money.positive("amount", request.amount(), Money.currency(request.currency()));
        RefundState refund = refunding.refund(caller, paymentId, checked(idempotencyKey), amount,
                IfMatch.expectedVersion(ifMatch));
        return ResponseEntity.status(refund.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(IfMatch.entityTag(refund.version()))
                .body(RefundAccepted.of(refund));
    }

    @Operation(operationId = "getPayment", summary = "Read a payment (optionally once it reached a version)")
    @GetMapping("/{paymentId}")
    ResponseEntity<PaymentResponse> get(@PathVariable String paymentId, Caller caller,
                                        @RequestParam(required = false) @Min(0) Long minVersion) {
        PaymentView payment = history.current(paymentId, caller, minVersion, () -> find(paymentId));
        return IfMatch.ok(payment.version(), PaymentResponse.of(payment));
    }

    /** The payment as it was at a time or version, rebuilt from the event store (temporal query). */
    @Operation(operationId = "getPaymentHistory", summary = "Read a payment as it was at a time or version")
    @GetMapping("/{paymentId}/history")
    ResponseEntity<PaymentResponse> history(@PathVariable String paymentId, Caller caller,
                                            @RequestParam(required = false) Instant asOf,
                                            @RequestParam(required = false) @Min(0) Long atVersion) {
        PaymentView payment = history.at(paymentId, caller, PointInTime.of(asOf, atVersion));
        return IfMatch.ok(payment.version(), PaymentResponse.of(payment));
    }

    @Operation(operationId = "getPaymentEvents", summary = "Read a payment's stored events (audit trail)")
    @GetMapping("/{paymentId}/events")
    ResponseEntity<List<StoredEvent>> events(@PathVariable String paymentId, @Valid AuditTrail.PageRequest page,
                                             Caller caller) {
        return AuditTrailResponse.of(history.events(paymentId, caller, page));
    }

    private Optional<PaymentView> find(String paymentId) {
        return queries.query(new FindPayment(paymentId), ResponseTypes.optionalInstanceOf(PaymentView.class)).join();
    }

    private static String checked(String idempotencyKey) {
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new InvalidInput(IDEMPOTENCY_KEY, "must be 1 to " + MAX_KEY_LENGTH + " characters, not blank");
        }
        return idempotencyKey;
    }
}
