package dev.tally.payment;

import java.util.Optional;

import dev.tally.account.AccountHolders;
import dev.tally.order.api.FindOrderOwner;
import dev.tally.payment.PaymentIdempotency.Request;
import dev.tally.payment.PaymentRejections.IdempotencyKeyReused;
import dev.tally.payment.api.PaymentView;
import dev.tally.payment.api.RequestPayment;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Requesting a payment with an idempotency key, correct without any lock in memory: the payment's
 * id is derived from caller and key ({@link PaymentIdempotency}), so every retry (on any node,
 * concurrent or after a restart) addresses the same payment, and the event store accepts only one
 * first event for that id (the loser of two at once is retried and finds it). A request that finds
 * the payment compares itself with the stored request: the same request gets the payment as it is now, another
 * request with the same key is refused. What the Payment decides on (the account, the order named)
 * is looked up here; the rules are the aggregate's. A payment this request created is debited at
 * once ({@link DebitingAtOnce}).
 */
@Component
class RequestingPayment {

    private final CommandGateway commands;
    private final AccountHolders accountHolders;
    private final QueryGateway queries;
    private final PaymentHistory history;
    private final DebitingAtOnce debiting;

    RequestingPayment(CommandGateway commands, AccountHolders accountHolders, QueryGateway queries,
                      PaymentHistory history, DebitingAtOnce debiting) {
        this.commands = commands;
        this.accountHolders = accountHolders;
        this.queries = queries;
        this.history = history;
        this.debiting = debiting;
    }

    /** What a request answers: the payment, and whether this request created it. */
    record Outcome(PaymentView payment, boolean created) {
    }

    Outcome request(String caller, String idempotencyKey, Request request) {
        String paymentId = PaymentIdempotency.paymentId(caller, idempotencyKey);
        Optional<PaymentView> existing = history.now(paymentId);
        if (existing.isEmpty()) {
            RequestPayment requestPayment = new RequestPayment(paymentId, caller, request.accountId(),
                    accountHolders.of(request.accountId()), request.amount(), request.orderId(),
                    orderOwner(request.orderId()), false, request.description());
            Boolean created = commands.sendAndWait(requestPayment);
            if (Boolean.TRUE.equals(created)) {
                debiting.debit(requestPayment);
            }
            existing = history.now(paymentId);
            if (Boolean.TRUE.equals(created)) {
                return new Outcome(existing.orElseThrow(), true);
            }
            // another request with the same key created the payment first: this one is a retry of it, or not
        }
        PaymentView payment = existing.orElseThrow();
        if (!request.isRetryOf(payment)) {
            throw new IdempotencyKeyReused();
        }
        return new Outcome(payment, false);
    }

    private String orderOwner(String orderId) {
        if (orderId == null) {
            return null;
        }
        return queries.query(new FindOrderOwner(orderId), ResponseTypes.optionalInstanceOf(String.class))
                .join().orElse(null);
    }
}
