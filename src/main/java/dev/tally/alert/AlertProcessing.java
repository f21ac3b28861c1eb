package dev.tally.alert;

import java.util.Optional;

import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.payment.api.PaymentRequested;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the {@code alerts} processor runs: its events sequenced per account, and no event skipped. */
@Configuration
class AlertProcessing {

    /**
     * A payment request belongs to the payment's stream, not the account's, so Axon's default
     * (in order per aggregate) could hand one account's requests and withdrawals to different
     * segments at once, which would race on the account's windows. Sequenced by account, all the
     * events a rule counts for an account are handled by one segment, in the order of the store.
     * A handler's failure rolls its batch back and retries it (Axon's default would log and skip the
     * event, and a window would silently miss it).
     */
    @Bean
    ConfigurerModule alertsProcessorSequencedPerAccount() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSequencingPolicy(RaisingAlerts.PROCESSING_GROUP, configuration -> perAccount())
                .registerListenerInvocationErrorHandler(RaisingAlerts.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }

    static SequencingPolicy<EventMessage<?>> perAccount() {
        SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
        return event -> accountOf(event.getPayload()).map(Object.class::cast)
                .orElseGet(() -> perAggregate.getSequenceIdentifierFor(event));
    }

    private static Optional<String> accountOf(Object payload) {
        if (payload instanceof MoneyWithdrawn withdrawn) {
            return Optional.of(withdrawn.accountId());
        }
        if (payload instanceof AccountDebited debited) {
            return Optional.of(debited.accountId());
        }
        if (payload instanceof PaymentRequested requested) {
            return Optional.of(requested.accountId());
        }
        return Optional.empty();
    }
}
