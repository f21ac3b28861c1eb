package dev.tally.order;

import java.math.BigDecimal;
import java.util.List;

import dev.tally.order.api.FindOrder;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderView;
import dev.tally.support.GivenEvents;
import dev.tally.support.InMemoryRows;
import dev.tally.support.Projections;
import org.junit.jupiter.api.Test;

import static dev.tally.order.OrderViewFoldTest.added;
import static dev.tally.order.OrderViewFoldTest.created;
import static dev.tally.order.OrderViewFoldTest.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Given events handled by the {@code order-summary} projection, then its row (lines included): no database. */
class OrderProjectionTest {

    private final OrderSummaryRepository rows = InMemoryRows.of(OrderSummaryRepository.class,
            (OrderSummary row) -> row.toView().orderId());
    private final OrderProjection projection = new OrderProjection(rows);
    private final Projections processor = new Projections(projection);

    private final GivenEvents events = given(created(), added("book", 1, "12.50"), added("pen", 2, "1.20"),
            added("book", 2, "12.50"), new ItemRemoved(OrderViewFoldTest.ID, "pen"),
            new OrderCheckedOut(OrderViewFoldTest.ID, "alice", "acc-1", "pay-1",
                    List.of(new OrderLine("book", 3, new BigDecimal("12.50"))), new BigDecimal("37.50"), "EUR"));

    private OrderView row() {
        return projection.handle(new FindOrder(OrderViewFoldTest.ID)).orElseThrow();
    }

    @Test
    void the_row_and_its_lines_show_the_fold_of_the_events() throws Exception {
        processor.handle(events.events());

        assertThat(row()).isEqualTo(events.foldedBy(new OrderViewFold()));
    }

    @Test
    void a_batch_handled_again_changes_nothing() throws Exception {
        processor.handle(events.events());
        OrderView once = row();

        processor.handle(events.events());

        assertThat(row()).isEqualTo(once);
        assertThat(rows.count()).isEqualTo(1);
    }

    @Test
    void a_replay_after_a_reset_fills_the_row_as_before() throws Exception {
        processor.handle(events.events());
        OrderView before = row();

        processor.reset().handle(events.events());

        assertThat(row()).isEqualTo(before);
    }
}
