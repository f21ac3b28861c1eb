package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tally.account.api.AccountOpened;
import dev.tally.account.api.MoneyDeposited;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.support.ApiTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An account with 10,000 events is not loaded by reading 10,000 events: after the first load a
 * snapshot is taken (every 100 events by default), and loading reads the snapshot and what follows.
 */
class LongAccountIT extends ApiTest {

    private static final int EVENTS = 10_000;

    @Autowired
    private EventStore eventStore;
    @Autowired
    private PlatformTransactionManager transactions;

    private void storeLongAccount(String accountId) {
        String owner = subjectOf("alice");
        MetaData alice = MetaData.with(TallyMetaData.USERNAME, owner);
        List<EventMessage<?>> batch = new ArrayList<>();
        batch.add(new GenericDomainEventMessage<>(AccountHistory.AGGREGATE_TYPE, accountId, 0,
                new AccountOpened(accountId, owner, "Long Account", "EUR", BigDecimal.ZERO), alice));
        TransactionTemplate inTransaction = new TransactionTemplate(transactions);
        for (long sequence = 1; sequence < EVENTS; sequence++) {
            batch.add(new GenericDomainEventMessage<>(AccountHistory.AGGREGATE_TYPE, accountId, sequence,
                    new MoneyDeposited(accountId, new BigDecimal("0.01"), "EUR", null, "API"), alice));
            if (batch.size() == 1_000) {
                List<EventMessage<?>> events = List.copyOf(batch);
                inTransaction.executeWithoutResult(status -> eventStore.publish(events));
                batch.clear();
            }
        }
        List<EventMessage<?>> rest = List.copyOf(batch);
        inTransaction.executeWithoutResult(status -> eventStore.publish(rest));
    }

    /** What loading the aggregate reads: the latest snapshot, if any, and the events after it. */
    private List<DomainEventMessage<?>> whatLoadingReads(String accountId) {
        return eventStore.readEvents(accountId).asStream().<DomainEventMessage<?>>map(event -> event).toList();
    }

    @Test
    void loading_an_account_of_ten_thousand_events_reads_a_snapshot_and_the_few_events_after_it() {
        String accountId = UUID.randomUUID().toString();
        storeLongAccount(accountId);
        assertThat(whatLoadingReads(accountId)).hasSize(EVENTS);

        // the first command loads all events once, and that load takes a snapshot
        Map<String, Object> first = body(post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "0.01", "currency": "EUR"}""").expectStatus().isOk());
        assertThat(first).containsEntry("balance", "100.00").containsEntry("version", EVENTS);

        eventually(() -> {
            List<DomainEventMessage<?>> read = whatLoadingReads(accountId);
            assertThat(read).hasSizeLessThanOrEqualTo(101);
            assertThat(read.get(0).getPayload()).isInstanceOf(Account.class);
        });
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "0.01", "currency": "EUR"}""")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.balance").isEqualTo("100.01")
                .jsonPath("$.version").isEqualTo(EVENTS + 1);
    }
}
