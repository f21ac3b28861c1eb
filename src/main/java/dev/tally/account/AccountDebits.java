package dev.tally.account;

import dev.tally.account.api.AccountDebited;
import dev.tally.shared.eventstore.EventStreams;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Whether an account was debited for a payment, straight from the event store (a debit counts
 * from the moment it is stored). A payment whose clock ran out asks before it declines itself;
 * Axon hands this bean to its deadline handler.
 */
@Component
public class AccountDebits {

    private final EventStreams eventStreams;

    AccountDebits(EventStreams eventStreams) {
        this.eventStreams = eventStreams;
    }

    public boolean debited(String accountId, String paymentId) {
        return eventStreams.fold(AccountHistory.AGGREGATE_TYPE, accountId,
                        (Boolean found, DomainEventMessage<?> event) -> Boolean.TRUE.equals(found)
                                || event.getPayload() instanceof AccountDebited debited
                                && debited.paymentId().equals(paymentId),
                        event -> true)
                .orElse(false);
    }
}
