package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.shared.axon.StoredJson;
import dev.tally.shared.upcasting.UpcastingConfig;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;

/** Deposits and withdrawals stored at older revisions read as today's events, field by field. */
class AccountUpcastsTest {

    private final AccountUpcasts upcasts = new AccountUpcasts();
    private final EventUpcasterChain chain = UpcastingConfig.chainOf(List.of(
            // in the "wrong" order on purpose: the chain orders steps by revision itself
            upcasts.depositGotChannel(), upcasts.withdrawalReferenceBecameDescription(),
            upcasts.depositReferenceBecameDescription()));
    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(StoredJson.mapper())
            .build();

    private Object read(Class<?> type, String revision, String payload) {
        DomainEventData<byte[]> stored = new GenericDomainEventEntry<>("Account", "acc-1", 1, "event-1",
                "2026-11-23T10:00:00Z", type.getName(), revision, payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        DomainEventStream events = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(stored), serializer, chain);
        return events.next().getPayload();
    }

    @Test
    void a_revision_1_deposit_gets_its_reference_as_description_and_the_api_channel() {
        assertThat(read(MoneyDeposited.class, "1", """
                {"accountId":"acc-1","amount":200.00,"currency":"EUR","reference":"salary"}"""))
                .isEqualTo(new MoneyDeposited("acc-1", new BigDecimal("200.00"), "EUR", "salary", "API"));
    }

    @Test
    void a_revision_1_deposit_without_reference_has_no_description() {
        assertThat(read(MoneyDeposited.class, "1", """
                {"accountId":"acc-1","amount":0.50,"currency":"EUR","reference":null}"""))
                .isEqualTo(new MoneyDeposited("acc-1", new BigDecimal("0.50"), "EUR", null, "API"));
    }

    @Test
    void a_revision_2_deposit_keeps_its_description_and_gets_the_api_channel() {
        assertThat(read(MoneyDeposited.class, "2", """
                {"accountId":"acc-1","amount":5,"currency":"JPY","description":"gift"}"""))
                .isEqualTo(new MoneyDeposited("acc-1", new BigDecimal("5"), "JPY", "gift", "API"));
    }

    @Test
    void a_revision_1_withdrawal_gets_its_reference_as_description() {
        assertThat(read(MoneyWithdrawn.class, "1", """
                {"accountId":"acc-1","amount":20.25,"currency":"EUR","reference":"cash"}"""))
                .isEqualTo(new MoneyWithdrawn("acc-1", new BigDecimal("20.25"), "EUR", "cash"));
    }

    @Test
    void todays_revision_passes_unchanged() {
        assertThat(read(MoneyDeposited.class, "3", """
                {"accountId":"acc-1","amount":1.00,"currency":"EUR","description":"x","channel":"API"}"""))
                .isEqualTo(new MoneyDeposited("acc-1", new BigDecimal("1.00"), "EUR", "x", "API"));
    }
}
