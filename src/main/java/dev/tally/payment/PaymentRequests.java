package dev.tally.payment;

import java.util.Objects;
import java.util.Optional;

import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.payment.PaymentRejections.IdempotencyKeyReused;
import dev.tally.payment.api.PaymentIds;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.eventstore.EventStreams;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Requesting a payment with an idempotency key, correct without any lock in memory: the payment's
 * id is derived from caller and key, so every retry (on any node, concurrent or after a restart)
 * addresses the same payment, and the event store accepts only one first event for that id. A
 * request that finds the payment (or loses the race to create it) compares itself with the
 * stored {@code PaymentRequested}: the same request gets the payment as it is now, another
 * request with the same key is refused.
 */
@Component
class PaymentRequests {

    static final String AGGREGATE_TYPE = Payment.class.getSimpleName();

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final EventStreams eventStreams;

    PaymentRequests(CommandGateway commands, QueryGateway queries, EventStreams eventStreams) {
        this.commands = commands;
        this.queries = queries;
        this.eventStreams = eventStreams;
    }

    /** What a request answers: the payment, and whether this request created it. */
    record Outcome(PaymentView payment, boolean created) {
    }

    /** The request as the client sent it, for comparing a retry with the original. */
    record Request(String accountId, Money amount, String orderId, String description) {
    }

    Outcome request(String caller, String idempotencyKey, Request request) {
        String paymentId = PaymentIds.forRequest(caller, idempotencyKey);
        Optional<PaymentView> existing = current(paymentId);
        if (existing.isEmpty()) {
            try {
                commands.sendAndWait(new RequestPayment(paymentId, caller, request.accountId(),
                        accountHolder(request.accountId()), request.amount(), request.orderId(),
                        request.description()));
                return new Outcome(current(paymentId).orElseThrow(), true);
            } catch (DomainRejection rejection) {
                throw rejection;
            } catch (RuntimeException lostTheRace) {
                // another request with the same key created the payment first: answer as a retry
                existing = current(paymentId);
                if (existing.isEmpty()) {
                    throw lostTheRace;
                }
            }
        }
        PaymentView payment = existing.get();
        if (!isSame(request, payment)) {
            throw new IdempotencyKeyReused();
        }
        return new Outcome(payment, false);
    }

    /** The payment as its events say now: the read model may not have seen the latest of them yet. */
    Optional<PaymentView> current(String paymentId) {
        return eventStreams.fold(AGGREGATE_TYPE, paymentId, PaymentViewFold::evolve, event -> true);
    }

    private AccountHolder accountHolder(String accountId) {
        return queries.query(new FindAccountHolder(accountId), ResponseTypes.optionalInstanceOf(AccountHolder.class))
                .join().orElse(null);
    }

    private static boolean isSame(Request request, PaymentView payment) {
        return request.accountId().equals(payment.accountId())
                && request.amount().equals(payment.amount())
                && Objects.equals(request.orderId(), payment.orderId())
                && Objects.equals(request.description(), payment.description());
    }
}
