package dev.tally.order;

import dev.tally.account.AccountHolders;
import dev.tally.account.api.AccountHolder;
import dev.tally.order.api.CheckOut;
import dev.tally.order.api.OrderState;
import dev.tally.payment.DebitingAtOnce;
import dev.tally.payment.PaymentIdempotency;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.security.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checking a cart out: the order awaits a payment, and the payment is requested right away, in the
 * same request, so that its clock (it declines itself if it is not debited in time) runs from the
 * checkout whether or not the payment process is keeping up. The payment process requests the same
 * payment (the id is derived from the checkout) when it reaches the checkout, which covers a crash
 * between the two commands; the second request of one payment is refused by the event store.
 * The payment is debited at once too ({@link DebitingAtOnce}).
 */
@Component
class CheckingOut {

    private static final Logger log = LoggerFactory.getLogger(CheckingOut.class);

    private final CommandGateway commands;
    private final AccountHolders accountHolders;
    private final DebitingAtOnce debiting;

    CheckingOut(CommandGateway commands, AccountHolders accountHolders, DebitingAtOnce debiting) {
        this.commands = commands;
        this.accountHolders = accountHolders;
        this.debiting = debiting;
    }

    OrderState checkOut(Caller caller, String orderId, String accountId, Long expectedVersion) {
        AccountHolder account = accountHolders.of(accountId);
        OrderState checkedOut = commands.sendAndWait(new CheckOut(orderId, accountId, account, expectedVersion));
        // the checkout is event number `version` of the order, which names its payment
        String paymentId = PaymentIdempotency.checkoutPaymentId(orderId, checkedOut.version());
        try {
            RequestPayment payment = new RequestPayment(paymentId, caller.subject(), accountId, account,
                    checkedOut.total(), orderId, caller.subject(), true, "order " + orderId);
            if (Boolean.TRUE.equals(commands.sendAndWait(payment))) {
                debiting.debit(payment);
            }
        } catch (RuntimeException failed) {
            // the order is checked out either way: the payment process requests the payment when it gets there
            log.warn("Payment {} of order {} not requested with the checkout: {}", paymentId, orderId,
                    failed.getMessage());
        }
        return checkedOut;
    }
}
