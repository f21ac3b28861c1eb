package dev.tally.account;

import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.FindAccountHolder;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * What the account side knows of an account ({@link FindAccountHolder}, from the event store), as
 * the checkout, a payment request and a refund ask it before the aggregate that decides on it
 * ({@link PayingAccount}).
 */
@Component
public class AccountHolders {

    private final QueryGateway queries;

    AccountHolders(QueryGateway queries) {
        this.queries = queries;
    }

    /** The account's holder, currency and state; {@code null} when there is no such account. */
    public AccountHolder of(String accountId) {
        return queries.query(new FindAccountHolder(accountId), ResponseTypes.optionalInstanceOf(AccountHolder.class))
                .join().orElse(null);
    }
}
