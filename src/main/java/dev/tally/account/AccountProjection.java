package dev.tally.account;

import dev.tally.shared.readmodel.ReadModelTables;
import dev.tally.account.api.AccountEvent;
import dev.tally.account.api.AccountPage;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.FindAccount;
import dev.tally.account.api.ListAccounts;
import dev.tally.privacy.PersonalData;
import dev.tally.privacy.api.CustomerForgotten;
import dev.tally.shared.readmodel.FoldedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * The {@code account-summary} read model: one row per account, kept by a streaming processor and
 * answering the account queries: each event goes through {@link AccountViewFold} into the account's
 * {@link AccountSummary} row ({@link FoldedRows}: idempotent by version, ready for batches).
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
@ReadModelTables("account_summary")
class AccountProjection {

    static final String PROCESSING_GROUP = "account-summary";

    private final AccountSummaryRepository summaries;
    private final FoldedRows<AccountView, AccountSummary> rows;

    AccountProjection(AccountSummaryRepository summaries) {
        this.summaries = summaries;
        this.rows = new FoldedRows<>(summaries, new AccountViewFold(), AccountSummary::new);
    }

    /**
     * Live subscribers (GET .../updates) are not told from here: this node may not hold the
     * account's segment, so they follow the event store and read the row (EventFeed).
     */
    @EventHandler
    void on(AccountEvent event, DomainEventMessage<AccountEvent> message) {
        rows.follow(message);
    }

    /** The holder name is the customer's personal data: it goes from the read model with their key. */
    @EventHandler
    void on(CustomerForgotten event, @Timestamp Instant forgottenAt) {
        summaries.renameHolder(event.customer(), PersonalData.FORGOTTEN, forgottenAt);
    }

    @ResetHandler
    void reset() {
        rows.reset();
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccount query) {
        return rows.find(query.accountId());
    }

    @QueryHandler
    AccountPage handle(ListAccounts query) {
        var page = summaries.findByOwner(query.owner(),
                PageRequest.of(query.page(), query.size(), Sort.by("openedAt", "accountId")));
        return new AccountPage(page.map(AccountSummary::toView).getContent(), query.page(), query.size(),
                page.getTotalElements());
    }
}
