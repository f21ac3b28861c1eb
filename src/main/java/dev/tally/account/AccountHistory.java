package dev.tally.account;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.shared.eventstore.FirstEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Temporal queries: an account rebuilt from its own events up to a point in time or a version,
 * straight from the event store (never from the read model, which only knows the present); and
 * what an account was opened with (owner, currency), which other aggregates' commands rely on.
 */
@Component
class AccountHistory {

    static final String AGGREGATE_TYPE = Account.class.getSimpleName();

    private final EventStore eventStore;
    private final FirstEvents firstEvents;

    AccountHistory(EventStore eventStore, FirstEvents firstEvents) {
        this.eventStore = eventStore;
        this.firstEvents = firstEvents;
    }

    /** The account as it was after its last event at or before {@code instant}; empty if not yet open. */
    Optional<AccountView> asOf(String accountId, Instant instant) {
        return foldWhile(accountId, event -> !event.getTimestamp().isAfter(instant));
    }

    /** The account as it was right after event {@code version}; empty if it never had that version. */
    Optional<AccountView> atVersion(String accountId, long version) {
        return foldWhile(accountId, event -> event.getSequenceNumber() <= version)
                .filter(view -> view.version() == version);
    }

    /** The user who opened the account, from its first event; empty if there is no such account. */
    Optional<String> owner(String accountId) {
        return firstEvents.of(AGGREGATE_TYPE, accountId, AccountOpened.class).map(AccountOpened::owner);
    }

    /** Who holds the account and in which currency, from its first event: facts that never change. */
    @QueryHandler
    Optional<AccountHolder> handle(FindAccountHolder query) {
        return firstEvents.of(AGGREGATE_TYPE, query.accountId(), AccountOpened.class)
                .map(opened -> new AccountHolder(opened.accountId(), opened.owner(), opened.currency()));
    }

    private Optional<AccountView> foldWhile(String accountId, Predicate<DomainEventMessage<?>> include) {
        // from sequence 0 rather than from a snapshot: a snapshot holds the aggregate, not the view
        DomainEventStream events = eventStore.readEvents(accountId, 0L);
        AccountView view = null;
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (!AGGREGATE_TYPE.equals(event.getType()) || !include.test(event)) {
                break;
            }
            view = AccountViewFold.evolve(view, event);
        }
        return Optional.ofNullable(view);
    }
}
