package dev.tally.payment;

import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.payment.PaymentRejections.PaymentNotFound;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RefundState;
import dev.tally.shared.money.Money;
import dev.tally.shared.security.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Refunding a payment with an idempotency key: the refund's id is derived from caller, payment and
 * key ({@link PaymentIdempotency}), and the Payment refunds each id once. What the Payment decides
 * on, the state of the account the money goes back to, is looked up here from the event store; who
 * may refund, and whether the payment can be refunded, are the aggregate's rules.
 */
@Component
class RefundingPayment {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final PaymentHistory history;

    RefundingPayment(CommandGateway commands, QueryGateway queries, PaymentHistory history) {
        this.commands = commands;
        this.queries = queries;
        this.history = history;
    }

    RefundState refund(Caller caller, String paymentId, String idempotencyKey, Money amount, Long expectedVersion) {
        PaymentRequested payment = history.request(paymentId).orElseThrow(() -> new PaymentNotFound(paymentId));
        AccountHolder account = queries.query(new FindAccountHolder(payment.accountId()),
                ResponseTypes.optionalInstanceOf(AccountHolder.class)).join().orElse(null);
        return commands.sendAndWait(new RefundPayment(paymentId,
                PaymentIdempotency.refundId(caller.username(), paymentId, idempotencyKey), amount, caller.username(),
                caller.admin(), account, expectedVersion));
    }
}
