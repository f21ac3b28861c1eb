package dev.tally.account;

import java.util.Optional;

import dev.tally.account.api.AccountClosed;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.shared.eventstore.EventStreams;
import dev.tally.shared.eventstore.PointInTime;
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

    /** The account as it was at that point; empty if it was not yet open, or never had that version. */
    Optional<AccountView> at(String accountId, PointInTime point) {
        return eventStreams.foldAt(AGGREGATE_TYPE, accountId, point, AccountViewFold::evolve, AccountView::version);
    }

    /** The user who opened the account, from its first event; empty if there is no such account. */
    Optional<String> owner(String accountId) {
        return eventStreams.firstEvent(AGGREGATE_TYPE, accountId, AccountOpened.class).map(AccountOpened::owner);
    }

    /**
     * Who holds the account and in which currency, from its first event (facts that never change),
     * and whether it is open: a closed account takes no more commands, so its closing is its last event.
     */
    @QueryHandler
    Optional<AccountHolder> handle(FindAccountHolder query) {
        return eventStreams.firstEvent(AGGREGATE_TYPE, query.accountId(), AccountOpened.class)
                .map(opened -> new AccountHolder(opened.accountId(), opened.owner(), opened.currency(),
                        !(eventStreams.lastEvent(opened.accountId()).orElse(null) instanceof AccountClosed)));
    }
}
