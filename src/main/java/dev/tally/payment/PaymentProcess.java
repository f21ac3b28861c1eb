package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.CreditRefund;
import dev.tally.account.api.DebitForPayment;
import dev.tally.account.api.ReturnDebit;
import dev.tally.order.api.MarkOrderPaid;
import dev.tally.order.api.MarkPaymentFailed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.FailRefund;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.RefundCancelledOrder;
import dev.tally.payment.api.RefundFailed;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process of one payment, across the Payment, Account and Order aggregates:
 * <pre>
 *   (order checked out -> request payment)
 *   payment requested -> debit the account -> account debited -> complete the payment -> order paid
 *                        \-> refused (funds, closed) -> decline the payment -> order payment failed
 *   payment declined (by its timeout) after its account was debited -> return the debit
 *   order cancelled after it was paid -> refund all that is left
 *   payment refunded -> credit the account; refused (closed) -> the refund fails
 * </pre>
 * Every step it sends is idempotent at its target (debit once per payment, credit once per
 * refund, return once per payment, order outcome once per payment), so a step repeated after a
 * crash or a redelivery moves no money twice. The rules stay with the aggregates: the payment
 * times itself out, and the account decides whether it can be debited or credited; the process
 * only carries their answers on. It lives as long as its payment can still move money.
 */
@Saga
@ProcessingGroup(PaymentProcess.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
// processes stored before payments timed themselves out kept the id of their own clock
@JsonIgnoreProperties("timeoutId")
public class PaymentProcess {

    static final String PROCESSING_GROUP = "payment-process";
    /** Processes stored before the payment timed itself out scheduled their own clock under this name. */
    static final String TIMEOUT = "payment-timeout";
    private static final String PAYMENT_ID = "paymentId";
    private static final Logger log = LoggerFactory.getLogger(PaymentProcess.class);

    private String paymentId;
    private String accountId;
    private String payer;
    // plain fields, not Money: the saga is stored as JSON and Money is not a JSON shape of its own
    private BigDecimal amount;
    private String currency;
    private String orderId;
    /** This process took the payment's amount from the account (the debit answered here). */
    private boolean debited;
    /**
     * The debit answered here, in the process's own transaction: debited, refused or failed. It may
     * not: a debit that lost a race, or was refused on a cached account, is run again on the command
     * gateway's retry thread, and its outcome arrives later, as an {@code AccountDebited} or not at all.
     */
    private boolean debitAnswered;

    /** A checkout asks for the payment of the order; the payment's id came with the checkout. */
    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(OrderCheckedOut event, CommandGateway commands) {
        Money total = new Money(event.total(), Currency.getInstance(event.currency()));
        // the order checked at checkout that the account may pay: owner and currency never change; a
        // closing since then is the debit's to refuse
        AccountHolder account = new AccountHolder(event.accountId(), event.owner(), event.currency(), true);
        commands.send(new RequestPayment(event.paymentId(), event.owner(), event.accountId(), account, total,
                        event.orderId(), event.owner(), true, "order " + event.orderId()))
                .exceptionally(failure -> {
                    // a redelivered checkout finds its payment already requested: nothing to do
                    log.info("Payment {} for order {} not requested again: {}", event.paymentId(), event.orderId(),
                            failure.getMessage());
                    return null;
                });
    }

    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRequested event, CommandGateway commands) {
        paymentId = event.paymentId();
        accountId = event.accountId();
        payer = event.payer();
        amount = event.amount();
        currency = event.currency();
        orderId = event.orderId();
        // the local command bus handles the debit in this thread and transaction: its outcome is known here
        commands.send(new DebitForPayment(accountId, paymentId, payer, money(amount)))
                .whenComplete((balance, failure) -> debitAnswered = true)
                .thenRun(() -> debited = true)
                .exceptionally(failure -> {
                    if (isRefusal(failure)) {
                        commands.send(new DeclinePayment(paymentId, reason(failure)));
                    } else {
                        // nothing was debited (the failed command stored nothing); the payment times out by itself
                        log.warn("Debit for payment {} failed; the payment's timeout will decide it", paymentId,
                                failure);
                    }
                    return null;
                });
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(AccountDebited event, CommandGateway commands) {
        commands.send(new CompletePayment(paymentId)).exceptionally(failure -> {
            if (isRefusal(failure)) {
                // the payment was declined (it timed out) before this debit: the money goes back,
                // and nothing more can come
                returnDebit(commands);
                SagaLifecycle.end();
            } else {
                log.error("Payment {} could not complete after account {} was debited: {}", paymentId, accountId,
                        failure.getMessage());
            }
            return null;
        });
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentCompleted event, CommandGateway commands) {
        if (orderId != null) {
            commands.send(new MarkOrderPaid(orderId, paymentId)).exceptionally(failure -> {
                log.info("Order {} did not take payment {}: {}", orderId, paymentId, failure.getMessage());
                return null;
            });
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclined event, CommandGateway commands) {
        if (debited) {
            // the payment timed out while this process was behind, and the debit came after all
            returnDebit(commands);
        }
        if (orderId != null) {
            commands.send(new MarkPaymentFailed(orderId, paymentId, event.reason())).exceptionally(failure -> {
                log.info("Order {} did not take the decline of payment {}: {}", orderId, paymentId,
                        failure.getMessage());
                return null;
            });
        }
        if (debitAnswered) {
            SagaLifecycle.end();
        }
        // else a debit of this payment may still come (run again after a race): the process stays to
        // give it back when its AccountDebited arrives
    }

    /** Only a paid order names its payment when cancelled, so only those reach a process. */
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(OrderCancelled event, CommandGateway commands) {
        if (event.wasPaid()) {
            commands.send(new RefundCancelledOrder(paymentId, PaymentIdempotency.cancellationRefundId(event.orderId()),
                            event.orderId()))
                    .exceptionally(failure -> {
                        log.warn("Refund of cancelled order {} (payment {}) refused: {}", event.orderId(), paymentId,
                                failure.getMessage());
                        return null;
                    });
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRefunded event, CommandGateway commands) {
        var credit = new CreditRefund(accountId, paymentId, event.refundId(), money(event.amount()));
        commands.send(credit)
                .thenRun(() -> {
                    if (event.refundedTotal().compareTo(amount) == 0) {
                        SagaLifecycle.end();
                    }
                })
                .exceptionally(failure -> {
                    if (isRefusal(failure)) {
                        // the account closed after the refund was accepted: the refund fails and no longer counts
                        commands.send(new FailRefund(paymentId, event.refundId(), reason(failure)));
                    } else {
                        log.error("Refund {} of payment {} could not be credited to account {}: {}", event.refundId(),
                                paymentId, accountId, failure.getMessage());
                    }
                    return null;
                });
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(RefundFailed event) {
        log.warn("Refund {} of payment {} failed: {}", event.refundId(), paymentId, event.reason());
    }

    /**
     * A clock of a process stored before payments timed themselves out; the payment decides now,
     * and declines only if its account was not debited.
     */
    @DeadlineHandler(deadlineName = TIMEOUT)
    void timedOut(String timedOutPayment, CommandGateway commands) {
        if (!debited) {
            commands.send(new DeclinePayment(timedOutPayment, "the account did not answer in time"));
        }
    }

    private void returnDebit(CommandGateway commands) {
        commands.send(new ReturnDebit(accountId, paymentId, money(amount))).exceptionally(failure -> {
            log.error("The debit of declined payment {} could not go back to account {}: {}", paymentId, accountId,
                    failure.getMessage());
            return null;
        });
    }

    private Money money(BigDecimal value) {
        return new Money(value, Currency.getInstance(currency));
    }

    private static boolean isRefusal(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof DomainRejection || cause instanceof AggregateNotFoundException) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof DomainRejection)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
