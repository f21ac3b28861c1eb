package dev.tally.payment;

import java.math.BigDecimal;
import java.util.Currency;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.CreditRefund;
import dev.tally.account.api.DebitForPayment;
import dev.tally.order.api.MarkOrderPaid;
import dev.tally.order.api.MarkPaymentFailed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.payment.api.CompletePayment;
import dev.tally.payment.api.DeclinePayment;
import dev.tally.payment.api.PaymentCompleted;
import dev.tally.payment.api.PaymentDeclined;
import dev.tally.payment.api.PaymentIds;
import dev.tally.payment.api.PaymentRefunded;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.payment.api.RefundPayment;
import dev.tally.payment.api.RequestPayment;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
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
 *   payment requested -> debit the account -> account debited -> payment completed -> order paid
 *                        \-> refused (funds, closed)  -> payment declined -> order payment failed
 *                        \-> failed without an answer -> no answer in time -> payment declined
 *   order cancelled after it was paid -> refund in full
 *   payment refunded -> credit the account
 * </pre>
 * Every step it sends is idempotent at its target (debit once per payment, credit once per
 * refund, order outcome once per payment), so a step repeated after a crash or a redelivery
 * moves no money twice. The process lives as long as its payment can still be refunded.
 *
 * <p>The timeout clock runs only for a debit that failed without an answer. A debit that succeeded
 * is stored in the same transaction as this process's handling of the request, so the payment
 * completes whenever the process reaches the {@code AccountDebited}, however late: after a crash
 * and restart, or behind a backlog, that can be later than any timeout, and a clock running
 * meanwhile would decline a payment whose money was taken.
 */
@Saga
@ProcessingGroup(PaymentProcess.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class PaymentProcess {

    static final String PROCESSING_GROUP = "payment-process";
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
    private String timeoutId;

    /** A checkout asks for the payment of the order; the payment's id came with the checkout. */
    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(OrderCheckedOut event, CommandGateway commands) {
        Money total = new Money(event.total(), Currency.getInstance(event.currency()));
        commands.send(new RequestPayment(event.paymentId(), event.owner(), event.accountId(),
                        new AccountHolder(event.accountId(), event.owner(), event.currency()), total,
                        event.orderId(), "order " + event.orderId()))
                .exceptionally(failure -> {
                    // a redelivered checkout finds its payment already requested: nothing to do
                    log.info("Payment {} for order {} not requested again: {}", event.paymentId(), event.orderId(),
                            failure.getMessage());
                    return null;
                });
    }

    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRequested event, CommandGateway commands, DeadlineManager deadlines,
            PaymentTimeoutPolicy timeout) {
        paymentId = event.paymentId();
        accountId = event.accountId();
        payer = event.payer();
        amount = event.amount();
        currency = event.currency();
        orderId = event.orderId();
        // the local command bus handles the debit in this thread and transaction: its outcome is known here
        commands.send(new DebitForPayment(accountId, paymentId, payer, money(amount)))
                .exceptionally(failure -> {
                    if (isRefusal(failure)) {
                        commands.send(new DeclinePayment(paymentId, reason(failure)));
                    } else {
                        // nothing was debited (the failed command stored nothing): start the clock
                        log.warn("Debit for payment {} failed; the timeout will decline it", paymentId, failure);
                        timeoutId = deadlines.schedule(timeout.after(), TIMEOUT, paymentId);
                    }
                    return null;
                });
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(AccountDebited event, CommandGateway commands) {
        // A debit that succeeded started no clock, so no timeout can have declined this payment;
        // if the payment was declined all the same, an operator must give the money back.
        commands.send(new CompletePayment(paymentId)).exceptionally(failure -> {
            log.error("Payment {} could not complete after account {} was debited: {}", paymentId, accountId,
                    failure.getMessage());
            return null;
        });
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentCompleted event, CommandGateway commands, DeadlineManager deadlines) {
        stopClock(deadlines);
        if (orderId != null) {
            commands.send(new MarkOrderPaid(orderId, paymentId)).exceptionally(failure -> {
                log.info("Order {} did not take payment {}: {}", orderId, paymentId, failure.getMessage());
                return null;
            });
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclined event, CommandGateway commands, DeadlineManager deadlines) {
        stopClock(deadlines);
        if (orderId != null) {
            commands.send(new MarkPaymentFailed(orderId, paymentId, event.reason())).exceptionally(failure -> {
                log.info("Order {} did not take the decline of payment {}: {}", orderId, paymentId,
                        failure.getMessage());
                return null;
            });
        }
        SagaLifecycle.end();
    }

    /** Only a paid order names its payment when cancelled, so only those reach a process. */
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(OrderCancelled event, CommandGateway commands) {
        if (event.wasPaid()) {
            commands.send(new RefundPayment(paymentId, PaymentIds.forCancellation(event.orderId()), null))
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
        commands.send(credit).exceptionally(failure -> {
            log.error("Refund {} of payment {} could not be credited to account {}: {}", event.refundId(), paymentId,
                    accountId, failure.getMessage());
            return null;
        });
        if (event.refundedTotal().compareTo(amount) == 0) {
            SagaLifecycle.end();
        }
    }

    /** The payload (the payment id) comes first: Axon takes a deadline handler's first parameter as its payload. */
    @DeadlineHandler(deadlineName = TIMEOUT)
    void timedOut(String timedOutPayment, CommandGateway commands) {
        commands.send(new DeclinePayment(timedOutPayment, "the account did not answer in time"));
    }

    /** Processes stored before the clock ran only for failed debits may have one running for any payment. */
    private void stopClock(DeadlineManager deadlines) {
        if (timeoutId != null) {
            deadlines.cancelSchedule(TIMEOUT, timeoutId);
        }
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
