package dev.tally.order;

import java.util.Currency;
import java.util.List;

import dev.tally.order.api.CartCreated;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderPaid;
import dev.tally.order.api.OrderPaymentFailed;
import dev.tally.order.api.OrderShipped;
import dev.tally.order.api.OrderStatus;
import dev.tally.order.api.OrderView;
import dev.tally.shared.money.Money;
import dev.tally.shared.readmodel.ViewFold;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How an order's view follows from its events, one at a time: the read model and the temporal
 * queries both fold through here. The lines and the total are counted by {@link CartLines}, as
 * the {@link Order} counts them; from the checkout on they are the ones the order's events fixed.
 */
final class OrderViewFold implements ViewFold<OrderView> {

    @Override
    public OrderView initial(DomainEventMessage<?> first) {
        CartCreated created = (CartCreated) first.getPayload();
        Currency currency = Currency.getInstance(created.currency());
        return new OrderView(created.orderId(), created.owner(), OrderStatus.CART, List.of(), Money.zero(currency),
                null, null, first.getSequenceNumber());
    }

    @Override
    public OrderView evolve(OrderView before, DomainEventMessage<?> event) {
        long version = event.getSequenceNumber();
        Object payload = event.getPayload();
        if (payload instanceof ItemAdded added) {
            return withLines(before, lines(before).with(added.productId(), added.quantity(), added.unitPrice()),
                    version);
        }
        if (payload instanceof ItemRemoved removed) {
            return withLines(before, lines(before).without(removed.productId()), version);
        }
        if (payload instanceof OrderCheckedOut checkedOut) {
            Currency currency = before.total().currency();
            return new OrderView(before.orderId(), before.owner(), OrderStatus.PAYMENT_PENDING,
                    lineViews(new CartLines(checkedOut.lines()), currency), new Money(checkedOut.total(), currency),
                    checkedOut.accountId(), checkedOut.paymentId(), version);
        }
        if (payload instanceof OrderPaid paid) {
            return with(before, OrderStatus.PAID, paid.paymentId(), version);
        }
        if (payload instanceof OrderPaymentFailed failed) {
            return with(before, OrderStatus.PAYMENT_FAILED, failed.paymentId(), version);
        }
        if (payload instanceof OrderCancelled) {
            return with(before, OrderStatus.CANCELLED, before.paymentId(), version);
        }
        if (payload instanceof OrderShipped) {
            return with(before, OrderStatus.SHIPPED, before.paymentId(), version);
        }
        // CartAbandoned changes nothing but the version, so that minVersion waits see it
        return with(before, before.status(), before.paymentId(), version);
    }

    @Override
    public long version(OrderView view) {
        return view.version();
    }

    /** The view's lines as the cart counts them. */
    static CartLines lines(OrderView view) {
        return new CartLines(view.lines().stream()
                .map(line -> new OrderLine(line.productId(), line.quantity(), line.unitPrice().amount()))
                .toList());
    }

    /** Lines as the view shows them, each with its total, in the order's currency. */
    static List<OrderView.LineView> lineViews(CartLines lines, Currency currency) {
        return lines.lines().stream()
                .map(line -> new OrderView.LineView(line.productId(), line.quantity(),
                        new Money(line.unitPrice(), currency), new Money(CartLines.lineTotal(line), currency)))
                .toList();
    }

    private static OrderView withLines(OrderView view, CartLines lines, long version) {
        Currency currency = view.total().currency();
        return new OrderView(view.orderId(), view.owner(), view.status(), lineViews(lines, currency),
                new Money(lines.total(), currency), view.accountId(), view.paymentId(), version);
    }

    private static OrderView with(OrderView view, OrderStatus status, String paymentId, long version) {
        return new OrderView(view.orderId(), view.owner(), status, view.lines(), view.total(), view.accountId(),
                paymentId, version);
    }
}
