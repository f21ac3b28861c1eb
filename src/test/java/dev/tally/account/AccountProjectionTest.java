package dev.tally.account;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.FindAccount;
import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.support.GivenEvents;
import dev.tally.support.InMemoryRows;
import dev.tally.support.Projections;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;

import static dev.tally.account.AccountViewFoldTest.eur;
import static dev.tally.account.AccountViewFoldTest.given;
import static dev.tally.account.AccountViewFoldTest.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given events handled by the {@code account-summary} projection, then its row: no database, no processor. */
class AccountProjectionTest {

    private final AccountSummaryRepository rows = InMemoryRows.of(AccountSummaryRepository.class,
            (AccountSummary row) -> row.toView().accountId());
    private final AccountProjection projection = new AccountProjection(rows);
    private final Projections processor = new Projections(projection);

    private final GivenEvents events = given(opened(),
            new MoneyDeposited(AccountViewFoldTest.ID, new BigDecimal("100.00"), "EUR", null, "API"),
            new MoneyWithdrawn(AccountViewFoldTest.ID, new BigDecimal("30.50"), "EUR", null));

    private AccountView row() {
        return projection.handle(new FindAccount(AccountViewFoldTest.ID)).orElseThrow();
    }

    @Test
    void the_row_shows_the_fold_of_the_events() throws Exception {
        processor.handle(events.events());

        assertThat(row()).isEqualTo(events.foldedBy(new AccountViewFold()));
        assertThat(row().balance()).isEqualTo(eur("69.50"));
    }

    @Test
    void a_batch_handled_again_changes_nothing() throws Exception {
        processor.handle(events.events());
        AccountView once = row();

        processor.handle(events.events());
        processor.handle(events.events().subList(1, 3));

        assertThat(row()).isEqualTo(once);
        assertThat(rows.count()).isEqualTo(1);
    }

    @Test
    void a_replay_rebuilds_the_row() throws Exception {
        TrackingToken head = new GlobalSequenceTrackingToken(10);
        List<DomainEventMessage<?>> replayed = events.events().stream()
                .<DomainEventMessage<?>>map(event -> new GenericTrackedDomainEventMessage<>(
                        ReplayToken.createReplayToken(head, new GlobalSequenceTrackingToken(event.getSequenceNumber())),
                        event))
                .toList();

        processor.handle(replayed);

        assertThat(row()).isEqualTo(events.foldedBy(new AccountViewFold()));
    }

    @Test
    void a_batch_reads_the_rows_of_its_accounts_with_one_query() throws Exception {
        Map<String, Integer> calls = new HashMap<>();
        AccountSummaryRepository counted = InMemoryRows.of(AccountSummaryRepository.class,
                (AccountSummary row) -> row.toView().accountId(), calls);
        AccountProjection counting = new AccountProjection(counted);
        new Projections(counting).handle(events.events().subList(0, 1));
        GivenEvents other = GivenEvents.of(AccountHistory.AGGREGATE_TYPE, "acc-2",
                new AccountOpened("acc-2", "bob", "Bob", "EUR", BigDecimal.ZERO),
                new MoneyDeposited("acc-2", new BigDecimal("5.00"), "EUR", null, "API"));
        calls.clear();

        // one batch: the stored account's later events, and a new account opened and then changed
        new Projections(counting).handle(List.of(events.events().get(1), other.events().get(0),
                events.events().get(2), other.events().get(1)));

        assertThat(calls).containsEntry("findAllById", 1)
                // the new account is not looked for again at its opening, only once it is stored
                .containsEntry("findById", 3);
        assertThat(counting.handle(new FindAccount(AccountViewFoldTest.ID)).orElseThrow())
                .isEqualTo(events.foldedBy(new AccountViewFold()));
        assertThat(counting.handle(new FindAccount("acc-2")).orElseThrow().balance()).isEqualTo(eur("5.00"));
    }

    @Test
    void a_later_event_without_its_row_is_an_error_not_a_new_row() {
        List<DomainEventMessage<?>> withoutTheOpening = events.events().subList(1, 3);

        assertThatThrownBy(() -> processor.handle(withoutTheOpening)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no row for Account acc-1 at event 1");
        assertThat(rows.count()).isZero();
    }

    @Test
    void a_reset_empties_the_read_model_and_a_replay_fills_it_as_before() throws Exception {
        processor.handle(events.events());
        AccountView before = row();

        processor.reset();
        assertThat(projection.handle(new FindAccount(AccountViewFoldTest.ID))).isEmpty();

        processor.handle(events.events());
        assertThat(row()).isEqualTo(before);
    }
}
