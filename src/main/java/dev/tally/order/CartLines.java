package dev.tally.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tally.order.api.OrderLine;

/**
 * The lines of a cart, one per product in the order it was first added, and their total. The
 * {@link Order} decides with them and {@link OrderViewFold} shows them, so the aggregate and its
 * read model count an order the same way. Immutable: each change gives new lines.
 */
record CartLines(List<OrderLine> lines) {

    static final CartLines EMPTY = new CartLines(List.of());

    CartLines {
        lines = List.copyOf(lines);
    }

    /** The line of this product, if it is in the cart. */
    Optional<OrderLine> line(String productId) {
        return lines.stream().filter(line -> line.productId().equals(productId)).findFirst();
    }

    /** These lines with more of a product: its line grows in place, or a new one comes last. */
    CartLines with(String productId, int quantity, BigDecimal unitPrice) {
        List<OrderLine> changed = new ArrayList<>(lines.size() + 1);
        boolean found = false;
        for (OrderLine line : lines) {
            if (line.productId().equals(productId)) {
                changed.add(new OrderLine(productId, line.quantity() + quantity, line.unitPrice()));
                found = true;
            } else {
                changed.add(line);
            }
        }
        if (!found) {
            changed.add(new OrderLine(productId, quantity, unitPrice));
        }
        return new CartLines(changed);
    }

    /** These lines without the product. */
    CartLines without(String productId) {
        return new CartLines(lines.stream().filter(line -> !line.productId().equals(productId)).toList());
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The sum of the lines' totals, in the cart's currency. */
    BigDecimal total() {
        return lines.stream().map(CartLines::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal lineTotal(OrderLine line) {
        return line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
    }
}
