package dev.tally.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.tally.account.AccountDebits;
import dev.tally.account.PayingAccount;
import dev.tally.payment.PaymentRejections.IdempotencyKeyReused;
import dev.tally.payment.PaymentRejections.IllegalTransition;
import dev.tally.payment.PaymentRejections.NotYourOrder;
import dev.tally.payment.PaymentRejections.PaymentNotFound;
import dev.tally.payment.PaymentRejections.RefundExceedsCaptured;
import dev.tally.payment.PaymentRejections.RefundedByCancellingTheOrder;
import dev.tally.payment.PaymentRejections.UnknownRefund;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.FailRefund;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentState;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.RefundCancelledOrder;
import dev.tally.payment.api.RefundFailed;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RefundState;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.InvalidInput;
import dev.tally.shared.StaleVersion;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A payment from a customer's account: {@code REQUESTED -> COMPLETED | DECLINED}, then refunds
 * ({@code PARTIALLY_REFUNDED}, {@code REFUNDED}); see domain-docs/payments.md.
 *
 * <p>Rules: a payment comes from an account that may pay ({@link PayingAccount}): the payer's,
 * open, in the payment's currency; the amount is positive and within the limit; an order it names
 * is the payer's. It completes or declines once (the same outcome again changes nothing), and it
 * declines by itself when it is still {@code REQUESTED} {@link PaymentTimeout} after the request,
 * unless its account was debited by then. Refunds only of a completed payment, never more in all
 * than was captured, each refund id once, only to an open account, asked by the payer or by staff;
 * the payment of an order's checkout is refunded by cancelling the order, never through the
 * payments API, so an order refunded in full cannot be shipped. A refund that the account does not
 * take after all ({@link RefundFailed}) no longer counts.
 *
 * <p>Its id is derived from the payer's idempotency key ({@link PaymentIdempotency}), so a retried
 * request cannot create a second payment: it finds the payment, and of two requests at once the
 * event store takes only one first event for the id.
 */
@Aggregate
public class Payment {

    static final String TIMEOUT = "payment-timeout";

    @AggregateIdentifier
    private String paymentId;
    private String payer;
    private String accountId;
    private String orderId;
    private boolean paysOrder;
    private Money amount;
    private Money refunded;
    private PaymentStatus status;
    private final Map<String, Money> refunds = new HashMap<>();
    private final Set<String> failedRefunds = new HashSet<>();

    protected Payment() {
        // for Axon: the aggregate is rebuilt from its events, or created by a request
    }

    /**
     * Creates the payment, or finds it created: a payment's id names one request, and the request
     * may come more than once (an order's checkout and the payment process both ask for the
     * checkout's payment; a client retries).
     *
     * @return whether this command created the payment
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RequestPayment command, DeadlineManager deadlines, PaymentTimeout timeout) {
        if (paymentId != null) {
            return false;
        }
        // the limits of the API hold for every payment, also one that an order's checkout asks for
        Money money = Money.positive("amount", command.amount().amount(), command.amount().currency());
        PayingAccount.requireMayPay(command.accountId(), command.account(), command.payer(), money.currency());
        if (command.orderId() != null && !command.payer().equals(command.orderOwner())) {
            throw new NotYourOrder(command.orderId());
        }
        apply(new PaymentRequested(command.paymentId(), command.payer(), command.accountId(), money.amount(),
                money.currency().getCurrencyCode(), command.orderId(), command.description(), command.paysOrder()));
        // the clock runs from the request, whether or not the payment process is running
        deadlines.schedule(timeout.after(), TIMEOUT, command.paymentId());
        return true;
    }

    /** From the payment process, which may deliver the same outcome more than once. */
    @CommandHandler
    public PaymentState handle(CompletePayment command) {
        if (status.awaitsOutcome()) {
            complete();
        } else if (!status.isCaptured()) {
            throw new IllegalTransition(paymentId, status, "complete");
        }
        return stateNow();
    }

    /** From the payment process, which may deliver the same outcome more than once. */
    @CommandHandler
    public PaymentState handle(DeclinePayment command) {
        if (status.awaitsOutcome()) {
            decline(command.reason());
        } else if (status != PaymentStatus.DECLINED) {
            throw new IllegalTransition(paymentId, status, "be declined");
        }
        return stateNow();
    }

    /**
     * Still {@code REQUESTED} when the clock ran out: the payment process is behind, stopped, or its
     * debit failed without an answer. If the account was debited all the same, the payment completed;
     * otherwise it is declined, and a debit that comes after that goes back (the payment process
     * returns it).
     *
     * <p>The payload (the payment id) comes first: Axon takes a deadline handler's first parameter as its payload.
     */
    @DeadlineHandler(deadlineName = TIMEOUT)
    void timedOut(String timedOutPayment, AccountDebits debits) {
        if (!status.awaitsOutcome()) {
            // settled before its time ran out: the clock is never cancelled (see complete)
            return;
        }
        if (debits.debited(accountId, paymentId)) {
            complete();
        } else {
            decline("the account was not debited in time");
        }
    }

    /** A refund through the payments API: of {@code amount}, by the payer or by staff. */
    @CommandHandler
    public RefundState handle(RefundPayment command) {
        if (!command.staff() && !command.requester().equals(payer)) {
            throw new PaymentNotFound(paymentId);
        }
        Money earlier = refunds.get(command.refundId());
        if (earlier != null) {
            // a retry answers as it did, whatever the version now; the same key for another refund is refused
            if (!command.amount().equals(earlier)) {
                throw new IdempotencyKeyReused();
            }
            return refundState(command.refundId(), false);
        }
        StaleVersion.check(command.expectedVersion());
        if (paysOrder) {
            throw new RefundedByCancellingTheOrder(paymentId, orderId);
        }
        requireRefundable();
        if (!command.amount().currency().equals(amount.currency())) {
            throw new InvalidInput("currency", "must be " + currencyCode() + ", the payment's currency, not "
                    + command.amount().currency().getCurrencyCode());
        }
        Money refund = Money.positive("amount", command.amount().amount(), amount.currency());
        Money refundable = amount.minus(refunded);
        if (refundable.isLessThan(refund)) {
            throw new RefundExceedsCaptured(refund, refundable);
        }
        PayingAccount.requireMayTakeRefund(accountId, command.account());
        refund(command.refundId(), refund);
        return refundState(command.refundId(), true);
    }

    /** From the payment process: the order this payment paid was cancelled, so all that is left goes back. */
    @CommandHandler
    public RefundState handle(RefundCancelledOrder command) {
        if (refunds.containsKey(command.refundId())) {
            return refundState(command.refundId(), false);
        }
        requireRefundable();
        refund(command.refundId(), amount.minus(refunded));
        return refundState(command.refundId(), true);
    }

    /** From the payment process, which may deliver the same outcome more than once. */
    @CommandHandler
    public PaymentState handle(FailRefund command) {
        Money refund = refunds.get(command.refundId());
        if (refund == null) {
            throw new UnknownRefund(paymentId, command.refundId());
        }
        if (!failedRefunds.contains(command.refundId())) {
            apply(new RefundFailed(paymentId, command.refundId(), accountId, refund.amount(), currencyCode(),
                    command.reason(), refunded.minus(refund).amount()));
        }
        return stateNow();
    }

    /**
     * The clock is left to run out and find the payment settled. Cancelling it would cost more than
     * letting it fire: Axon's db-scheduler deadline manager cancels by scope by reading and
     * deserializing every scheduled deadline of the application, so with thousands of payments in
     * flight each outcome read thousands of rows (benchmarks.md, profile of figure 7).
     */
    private void complete() {
        apply(new PaymentCompleted(paymentId, accountId, amount.amount(), currencyCode(), orderId));
    }

    private void decline(String reason) {
        apply(new PaymentDeclined(paymentId, reason, orderId));
    }

    private void requireRefundable() {
        if (!status.mayRefund()) {
            throw new IllegalTransition(paymentId, status, "be refunded");
        }
    }

    private void refund(String refundId, Money refund) {
        apply(new PaymentRefunded(paymentId, refundId, accountId, refund.amount(), currencyCode(),
                refunded.plus(refund).amount()));
    }

    private String currencyCode() {
        return amount.currency().getCurrencyCode();
    }

    private PaymentState stateNow() {
        return new PaymentState(paymentId, AggregateLifecycle.getVersion(), status);
    }

    private RefundState refundState(String refundId, boolean created) {
        return new RefundState(paymentId, refundId, AggregateLifecycle.getVersion(), status, created);
    }

    @EventSourcingHandler
    void on(PaymentRequested event) {
        Currency currency = Currency.getInstance(event.currency());
        paymentId = event.paymentId();
        payer = event.payer();
        accountId = event.accountId();
        orderId = event.orderId();
        paysOrder = event.paysOrder();
        amount = new Money(event.amount(), currency);
        refunded = Money.zero(currency);
        status = PaymentStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(PaymentCompleted event) {
        status = PaymentStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(PaymentDeclined event) {
        status = PaymentStatus.DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentRefunded event) {
        Money refund = new Money(event.amount(), amount.currency());
        refunds.put(event.refundId(), refund);
        refunded = refunded.plus(refund);
        status = PaymentStatus.afterRefunds(refunded, amount);
    }

    @EventSourcingHandler
    void on(RefundFailed event) {
        failedRefunds.add(event.refundId());
        refunded = refunded.minus(new Money(event.amount(), amount.currency()));
        status = PaymentStatus.afterRefunds(refunded, amount);
    }
}
