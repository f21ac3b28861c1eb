package dev.tally.order;

import dev.tally.order.api.OrderStatus;
import dev.tally.shared.DomainRejection;
import dev.tally.shared.money.Money;

/** Why the Order aggregate refuses a command. Each maps to the HTTP status of its category. */
final class OrderRejections {

    private OrderRejections() {
    }

    /** The order does not exist, or it is not the caller's. */
    static class OrderNotFound extends DomainRejection.NotFound {
        OrderNotFound(String orderId) {
            super("There is no order " + orderId + ".");
        }
    }

    static class NotInCart extends DomainRejection.NotFound {
        NotInCart(String productId) {
            super("Product " + productId + " is not in the cart.");
        }
    }

    /** The command does not fit the order's status, e.g. adding items to a paid order. */
    static class IllegalTransition extends DomainRejection.WrongState {
        IllegalTransition(String orderId, OrderStatus status, String what) {
            super("Order " + orderId + " is " + status + " and cannot " + what + ".");
        }
    }

    static class EmptyCart extends DomainRejection.WrongState {
        EmptyCart(String orderId) {
            super("Order " + orderId + " has no items to check out.");
        }
    }

    /** A line has one unit price; a different price for the same product is a different offer. */
    static class PriceDiffers extends DomainRejection.RuleViolated {
        PriceDiffers(String productId, Money inCart, Money offered) {
            super("Product " + productId + " is in the cart at " + inCart + ", not " + offered
                    + "; remove it first to change its price.");
        }
    }

    static class LineTooLarge extends DomainRejection.RuleViolated {
        LineTooLarge(String productId, int quantity) {
            super("A line holds at most " + Order.MAX_QUANTITY + " units; product " + productId + " would have "
                    + quantity + ".");
        }
    }

    /** The payment process reports on a payment that this order does not wait for (any more). */
    static class NotThisOrdersPayment extends DomainRejection.WrongState {
        NotThisOrdersPayment(String orderId, String paymentId) {
            super("Order " + orderId + " does not wait for payment " + paymentId + ".");
        }
    }

    /** An order is paid in one payment, so its total is at most what one payment may be. */
    static class OrderTooLarge extends DomainRejection.RuleViolated {
        OrderTooLarge(String orderId, Money total) {
            super("Order " + orderId + " would come to " + total + ", more than the "
                    + Money.MAX_AMOUNT.toPlainString() + " one payment may be.");
        }
    }
}
