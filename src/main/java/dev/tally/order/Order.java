package dev.tally.order;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Currency;
import java.util.List;

import dev.tally.account.PayingAccount;
import dev.tally.order.OrderRejections.EmptyCart;
import dev.tally.order.OrderRejections.IllegalTransition;
import dev.tally.order.OrderRejections.LineTooLarge;
import dev.tally.order.OrderRejections.NotInCart;
import dev.tally.order.OrderRejections.NotThisOrdersPayment;
import dev.tally.order.OrderRejections.OrderNotFound;
import dev.tally.order.OrderRejections.OrderTooLarge;
import dev.tally.order.OrderRejections.PriceDiffers;
import dev.tally.order.api.AddItem;
import dev.tally.order.api.CancelOrder;
import dev.tally.order.api.CartAbandoned;
import dev.tally.order.api.CartCreated;
import dev.tally.order.api.CheckOut;
import dev.tally.order.api.CreateCart;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.MarkOrderPaid;
import dev.tally.order.api.MarkPaymentFailed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderPaid;
import dev.tally.order.api.OrderPaymentFailed;
import dev.tally.order.api.OrderShipped;
import dev.tally.order.api.OrderState;
import dev.tally.order.api.OrderStatus;
import dev.tally.order.api.RemoveItem;
import dev.tally.order.api.ShipOrder;
import dev.tally.payment.PaymentIdempotency;
import dev.tally.shared.StaleVersion;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.money.Money;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer's cart that becomes an order: {@code CART -> PAYMENT_PENDING -> PAID -> SHIPPED},
 * with {@code PAYMENT_FAILED} (check out again, or cancel) and {@code CANCELLED} on the way.
 *
 * <p>Rules: only the owner may change it, and to anyone else it does not exist; items are added
 * and removed only in the cart, a product has one line with one unit price in the order's
 * currency, and the total stays within the largest amount a payment may have; checkout needs at
 * least one line and an account that may pay ({@link PayingAccount}); an order whose payment is
 * under way cannot be cancelled; only a paid order ships, and a paid order that is cancelled is
 * refunded (its payment cannot be refunded otherwise, so a refunded order never ships). What each
 * status allows is asked of {@link OrderStatus}.
 * A cart with items that is left alone for {@link AbandonedCartTimeout#after()} records
 * {@link CartAbandoned}, by a deadline that every change of the cart replaces.
 */
@Aggregate
public class Order {

    static final int MAX_QUANTITY = 1000;
    static final String CART_ABANDONED_DEADLINE = "cart-abandoned";

    @AggregateIdentifier
    private String orderId;
    private String owner;
    private Currency currency;
    private OrderStatus status;
    private CartLines lines = CartLines.EMPTY;
    private String paymentId;

    protected Order() {
        // for Axon: the aggregate is rebuilt from its events
    }

    @CommandHandler
    public Order(CreateCart command, @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        apply(new CartCreated(command.orderId(), issuer, command.currency().getCurrencyCode()));
    }

    @CommandHandler
    public OrderState handle(AddItem command,
                             @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer,
                             DeadlineManager deadlines, AbandonedCartTimeout abandonment) {
        requireCartOf(issuer, command.expectedVersion(), "take items");
        Money unitPrice = Money.positive("unitPrice", command.unitPrice(), currency);
        OrderLine line = lines.line(command.productId()).orElse(null);
        if (line != null && line.unitPrice().compareTo(unitPrice.amount()) != 0) {
            throw new PriceDiffers(command.productId(), new Money(line.unitPrice(), currency), unitPrice);
        }
        int quantity = command.quantity() + (line == null ? 0 : line.quantity());
        if (quantity > MAX_QUANTITY) {
            throw new LineTooLarge(command.productId(), quantity);
        }
        // the order is paid in one payment, which may not be larger than any other
        Money total = total().plus(unitPrice.times(command.quantity()));
        if (total.amount().compareTo(Money.MAX_AMOUNT) > 0) {
            throw new OrderTooLarge(orderId, total);
        }
        apply(new ItemAdded(orderId, command.productId(), command.quantity(), unitPrice.amount(),
                currency.getCurrencyCode()));
        watchForAbandonment(deadlines, abandonment);
        return stateNow();
    }

    @CommandHandler
    public OrderState handle(RemoveItem command,
                             @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer,
                             DeadlineManager deadlines, AbandonedCartTimeout abandonment) {
        requireCartOf(issuer, command.expectedVersion(), "have items removed");
        if (lines.line(command.productId()).isEmpty()) {
            throw new NotInCart(command.productId());
        }
        apply(new ItemRemoved(orderId, command.productId()));
        watchForAbandonment(deadlines, abandonment);
        return stateNow();
    }

    @CommandHandler
    public OrderState handle(CheckOut command,
                             @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        requireOwner(issuer, command.expectedVersion());
        if (!status.mayCheckOut()) {
            throw new IllegalTransition(orderId, status, "be checked out");
        }
        if (lines.isEmpty()) {
            throw new EmptyCart(orderId);
        }
        PayingAccount.requireMayPay(command.accountId(), command.account(), owner, currency);
        // each checkout is a new attempt to pay, named by the sequence number of its event
        String attemptPaymentId = PaymentIdempotency.checkoutPaymentId(orderId, AggregateLifecycle.getVersion() + 1);
        apply(new OrderCheckedOut(orderId, owner, command.accountId(), attemptPaymentId, orderLines(),
                total().amount(), currency.getCurrencyCode()));
        return stateNow();
    }

    /**
     * From the payment process, which may deliver the same outcome more than once. Only the
     * payment of the current checkout counts; another payment naming this order does not pay it.
     */
    @CommandHandler
    public OrderState handle(MarkOrderPaid command) {
        requireAwaited(command.paymentId());
        boolean alreadyPaidByIt = status == OrderStatus.PAID;
        if (!alreadyPaidByIt) {
            requireThat(status.awaitsPayment(), "be marked paid");
            apply(new OrderPaid(orderId, command.paymentId(), orderLines(), total().amount(),
                    currency.getCurrencyCode()));
        }
        return stateNow();
    }

    /** From the payment process, which may deliver the same outcome more than once. */
    @CommandHandler
    public OrderState handle(MarkPaymentFailed command) {
        requireAwaited(command.paymentId());
        boolean alreadyFailedWithIt = status == OrderStatus.PAYMENT_FAILED;
        if (!alreadyFailedWithIt) {
            requireThat(status.awaitsPayment(), "have its payment fail");
            apply(new OrderPaymentFailed(orderId, command.paymentId(), command.reason()));
        }
        return stateNow();
    }

    @CommandHandler
    public OrderState handle(CancelOrder command,
                             @MetaDataValue(value = TallyMetaData.USERNAME, required = true) String issuer) {
        requireOwner(issuer, command.expectedVersion());
        requireThat(status.mayCancel(), "be cancelled");
        boolean wasPaid = status == OrderStatus.PAID;
        apply(new OrderCancelled(orderId, wasPaid, wasPaid ? paymentId : null, orderLines(), total().amount(),
                currency.getCurrencyCode()));
        return stateNow();
    }

    /** Staff only; the API lets only admins send it, so it is not tied to the owner. */
    @CommandHandler
    public OrderState handle(ShipOrder command) {
        StaleVersion.check(command.expectedVersion());
        requireThat(status.mayShip(), "be shipped");
        apply(new OrderShipped(orderId));
        return stateNow();
    }

    /**
     * The cart was left alone since the change that scheduled this deadline: still a cart, with
     * lines, at the version the deadline was scheduled for. Every change schedules a new deadline;
     * the ones before it, and those of a checked out or cancelled order, find nothing to do.
     */
    @DeadlineHandler(deadlineName = CART_ABANDONED_DEADLINE)
    void cartLeftAlone(Long scheduledAtVersion) {
        if (status == OrderStatus.CART && !lines.isEmpty()
                && scheduledAtVersion.equals(AggregateLifecycle.getVersion())) {
            apply(new CartAbandoned(orderId, total().amount(), currency.getCurrencyCode()));
        }
    }

    /**
     * A deadline for the cart as it is now. The one for its previous version is not cancelled: it
     * runs out and finds the cart changed (its version check). Cancelling would cost more: Axon's
     * db-scheduler deadline manager cancels by scope by reading and deserializing every scheduled
     * deadline of the application (benchmarks.md, profile of figure 7).
     */
    private void watchForAbandonment(DeadlineManager deadlines, AbandonedCartTimeout abandonment) {
        if (!lines.isEmpty()) {
            deadlines.schedule(abandonment.after(), CART_ABANDONED_DEADLINE, AggregateLifecycle.getVersion());
        }
    }

    private void requireAwaited(String payment) {
        if (!payment.equals(paymentId)) {
            throw new NotThisOrdersPayment(orderId, payment);
        }
    }

    private void requireOwner(String issuer, Long expectedVersion) {
        if (!issuer.equals(owner)) {
            throw new OrderNotFound(orderId);
        }
        StaleVersion.check(expectedVersion);
    }

    private void requireCartOf(String issuer, Long expectedVersion, String what) {
        requireOwner(issuer, expectedVersion);
        requireThat(status.mayChangeItems(), what);
    }

    /** @param allowed what the status says of the command, e.g. {@code status.mayShip()} */
    private void requireThat(boolean allowed, String what) {
        if (!allowed) {
            throw new IllegalTransition(orderId, status, what);
        }
    }

    private List<OrderLine> orderLines() {
        return lines.lines();
    }

    private Money total() {
        return new Money(lines.total(), currency);
    }

    private OrderState stateNow() {
        return new OrderState(orderId, AggregateLifecycle.getVersion(), status, total());
    }

    @EventSourcingHandler
    void on(CartCreated event) {
        orderId = event.orderId();
        owner = event.owner();
        currency = Currency.getInstance(event.currency());
        status = OrderStatus.CART;
    }

    @EventSourcingHandler
    void on(ItemAdded event) {
        lines = lines.with(event.productId(), event.quantity(), event.unitPrice());
    }

    @EventSourcingHandler
    void on(ItemRemoved event) {
        lines = lines.without(event.productId());
    }

    @EventSourcingHandler
    void on(OrderCheckedOut event) {
        status = OrderStatus.PAYMENT_PENDING;
        paymentId = event.paymentId();
    }

    @EventSourcingHandler
    void on(OrderPaid event) {
        status = OrderStatus.PAID;
    }

    @EventSourcingHandler
    void on(OrderPaymentFailed event) {
        status = OrderStatus.PAYMENT_FAILED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(OrderShipped event) {
        status = OrderStatus.SHIPPED;
    }
}
