package dev.tally.payment;

import dev.tally.account.AccountHolders;
import dev.tally.account.api.AccountHolder;
import dev.tally.payment.PaymentRejections.PaymentNotFound;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RefundState;
import dev.tally.shared.money.Money;
import dev.tally.shared.security.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
    private final AccountHolders accountHolders;
    private final PaymentHistory history;

    RefundingPayment(CommandGateway commands, AccountHolders accountHolders, PaymentHistory history) {
        this.commands = commands;
        this.accountHolders = accountHolders;
        this.history = history;
    }

    RefundState refund(Caller caller, String paymentId, String idempotencyKey, Money amount, Long expectedVersion) {
        PaymentRequested payment = history.request(paymentId).orElseThrow(() -> new PaymentNotFound(paymentId));
        AccountHolder account = accountHolders.of(payment.accountId());
        return commands.sendAndWait(new RefundPayment(paymentId,
                PaymentIdempotency.refundId(caller.subject(), paymentId, idempotencyKey), amount, caller.subject(),
                caller.admin(), account, expectedVersion));
    }
}
