package dev.tally.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

import dev.tally.account.api.AccountHolder;
import dev.tally.payment.PaymentRejections.AccountNotUsable;
import dev.tally.payment.PaymentRejections.CurrencyMismatch;
import dev.tally.payment.PaymentRejections.IdempotencyKeyReused;
import dev.tally.payment.PaymentRejections.IllegalTransition;
import dev.tally.payment.PaymentRejections.RefundExceedsCaptured;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.PaymentState;
import dev.tally.payment.api.PaymentStatus;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RefundState;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A payment from a customer's account: {@code REQUESTED -> COMPLETED | DECLINED}, then refunds
 * ({@code PARTIALLY_REFUNDED}, {@code REFUNDED}).
 *
 * <p>Rules: a payment comes from an account of the payer, in the account's currency; it completes
 * or declines once (the same outcome again changes nothing); refunds only of a completed payment,
 * never more in all than was captured, each refund id once. Its id is derived from the payer's
 * idempotency key ({@link dev.tally.payment.api.PaymentIds}), so a retried request cannot create a
 * second payment: the event store refuses a second first event for the same id.
 */
@Aggregate
public class Payment {

    @AggregateIdentifier
    private String paymentId;
    private String accountId;
    private String orderId;
    private Money amount;
    private Money refunded;
    private PaymentStatus status;
    private final Map<String, Money> refunds = new HashMap<>();

    protected Payment() {
        // for Axon: the aggregate is rebuilt from its events
    }

    @CommandHandler
    public Payment(RequestPayment command) {
        AccountHolder account = command.account();
        if (account == null || !account.owner().equals(command.payer())) {
            throw new AccountNotUsable(command.accountId());
        }
        String currency = command.amount().currency().getCurrencyCode();
        if (!account.currency().equals(currency)) {
            throw new CurrencyMismatch(account.currency(), currency, "account's");
        }
        apply(new PaymentRequested(command.paymentId(), command.payer(), command.accountId(),
                command.amount().amount(), currency, command.orderId(), command.description()));
    }

    /** From the payment process, which may deliver the same outcome more than once. */
    @CommandHandler
    public PaymentState handle(CompletePayment command) {
        if (status == PaymentStatus.REQUESTED) {
            apply(new PaymentCompleted(paymentId, accountId, amount.amount(), currencyCode(), orderId));
        } else if (status == PaymentStatus.DECLINED) {
            throw new IllegalTransition(paymentId, status, "complete");
        }
        return stateNow();
    }

    /** From the payment process, which may deliver the same outcome more than once. */
    @CommandHandler
    public PaymentState handle(DeclinePayment command) {
        if (status == PaymentStatus.REQUESTED) {
            apply(new PaymentDeclined(paymentId, command.reason(), orderId));
        } else if (status != PaymentStatus.DECLINED) {
            throw new IllegalTransition(paymentId, status, "be declined");
        }
        return stateNow();
    }

    /** A refund of {@code amount}, or of all that is left when the amount is {@code null}. */
    @CommandHandler
    public RefundState handle(RefundPayment command) {
        Money earlier = refunds.get(command.refundId());
        if (earlier != null) {
            if (command.amount() != null && !command.amount().equals(earlier)) {
                throw new IdempotencyKeyReused();
            }
            return refundState(command.refundId(), false);
        }
        if (status != PaymentStatus.COMPLETED && status != PaymentStatus.PARTIALLY_REFUNDED) {
            throw new IllegalTransition(paymentId, status, "be refunded");
        }
        Money refundable = amount.minus(refunded);
        Money refund = command.amount() == null ? refundable : command.amount();
        if (!refund.currency().equals(amount.currency())) {
            throw new CurrencyMismatch(currencyCode(), refund.currency().getCurrencyCode(), "payment's");
        }
        if (refundable.isLessThan(refund)) {
            throw new RefundExceedsCaptured(refund, refundable);
        }
        apply(new PaymentRefunded(paymentId, command.refundId(), accountId, refund.amount(), currencyCode(),
                refunded.plus(refund).amount()));
        return refundState(command.refundId(), true);
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
        accountId = event.accountId();
        orderId = event.orderId();
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
        status = refunded.equals(amount) ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
    }
}
