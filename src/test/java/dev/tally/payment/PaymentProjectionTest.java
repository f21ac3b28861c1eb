package dev.tally.payment;

import dev.tally.payment.api.FindPayment;
import dev.tally.payment.api.PaymentView;
import dev.tally.support.GivenEvents;
import dev.tally.support.InMemoryRows;
import dev.tally.support.Projections;
import org.junit.jupiter.api.Test;

import static dev.tally.payment.PaymentViewFoldTest.completed;
import static dev.tally.payment.PaymentViewFoldTest.given;
import static dev.tally.payment.PaymentViewFoldTest.refunded;
import static dev.tally.payment.PaymentViewFoldTest.requested;
import static org.assertj.core.api.Assertions.assertThat;

/** Given events handled by the {@code payment-summary} projection, then its row: no database, no processor. */
class PaymentProjectionTest {

    private final PaymentSummaryRepository rows = InMemoryRows.of(PaymentSummaryRepository.class,
            (PaymentSummary row) -> row.toView().paymentId());
    private final PaymentProjection projection = new PaymentProjection(rows);
    private final Projections processor = new Projections(projection);

    private final GivenEvents events = given(requested(), completed(), refunded("ref-1", "15.00", "15.00"));

    private PaymentView row() {
        return projection.handle(new FindPayment(PaymentViewFoldTest.ID)).orElseThrow();
    }

    @Test
    void the_row_shows_the_fold_of_the_events() throws Exception {
        processor.handle(events.events());

        assertThat(row()).isEqualTo(events.foldedBy(new PaymentViewFold()));
    }

    @Test
    void a_refund_handled_again_is_not_counted_twice() throws Exception {
        processor.handle(events.events());
        processor.handle(events.events().subList(2, 3));

        assertThat(row().refunded()).isEqualTo(events.foldedBy(new PaymentViewFold()).refunded());
        assertThat(rows.count()).isEqualTo(1);
    }
}
