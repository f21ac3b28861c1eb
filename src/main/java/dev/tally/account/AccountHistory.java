package dev.tally.account;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.shared.eventstore.EventStreams;
import org.axonframework.eventhandling.DomainEventMessage;
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

    private final EventStreams eventStreams;

    AccountHistory(EventStreams eventStreams) {
        this.eventStreams = eventStreams;
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
        return eventStreams.firstEvent(AGGREGATE_TYPE, accountId, AccountOpened.class).map(AccountOpened::owner);
    }

    /** Who holds the account and in which currency, from its first event: facts that never change. */
    @QueryHandler
    Optional<AccountHolder> handle(FindAccountHolder query) {
        return eventStreams.firstEvent(AGGREGATE_TYPE, query.accountId(), AccountOpened.class)
                .map(opened -> new AccountHolder(opened.accountId(), opened.owner(), opened.currency()));
    }

    private Optional<AccountView> foldWhile(String accountId, Predicate<DomainEventMessage<?>> include) {
        return eventStreams.fold(AGGREGATE_TYPE, accountId, AccountViewFold::evolve, include);
    }
}
