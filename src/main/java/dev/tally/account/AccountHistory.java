package dev.tally.account;

import java.util.Optional;

import dev.tally.account.AccountRejections.AccountNotFound;
import dev.tally.account.api.AccountClosed;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.shared.readmodel.AggregateHistory;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Accounts read for a caller: now from the read model, as they were from the event store
 * (temporal queries fold through {@link AccountViewFold}), as stored; and what an account was opened
 * with (owner, currency) and whether it is open, which other aggregates' commands rely on.
 */
@Component
class AccountHistory extends AggregateHistory<AccountView> {

    static final String AGGREGATE_TYPE = Account.class.getSimpleName();

    AccountHistory(Sources sources) {
        super(AGGREGATE_TYPE, new AccountViewFold(), AccountView::owner, sources);
    }

    @Override
    protected RuntimeException notFound(String accountId) {
        return new AccountNotFound(accountId);
    }

    /**
     * Who holds the account and in which currency, from its first event (facts that never change),
     * and whether it is open: a closed account takes no more commands, so its closing is its last event.
     */
    @QueryHandler
    Optional<AccountHolder> handle(FindAccountHolder query) {
        return eventStreams().firstEvent(AGGREGATE_TYPE, query.accountId(), AccountOpened.class)
                .map(opened -> new AccountHolder(opened.accountId(), opened.owner(), opened.currency(),
                        !(eventStreams().lastEvent(opened.accountId()).orElse(null) instanceof AccountClosed)));
    }
}
