package dev.tally.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.alert.api.RaiseAlert;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.support.InMemoryRows;
import dev.tally.support.Projections;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Given account and payment events handled by the {@code alerts} processor, then the alerts it
 * raises: its windows in memory, its commands recorded, no database.
 */
class RaisingAlertsTest {

    private static final Instant T0 = SlidingWindowTest.T0;
    private static final String ACCOUNT = "acc-1";
    private static final String OWNER = "subject-of-alice";

    private final List<CommandMessage<?>> sent = new ArrayList<>();
    private int sequence;

    private RaisingAlerts processor(AlertSettings settings) {
        AccountWindowRepository windows = InMemoryRows.of(AccountWindowRepository.class, AccountWindow::getId);
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            sent.add(call.getArgument(0));
            return null;
        });
        QueryGateway queries = mock(QueryGateway.class);
        when(queries.query(any(), any(org.axonframework.messaging.responsetypes.ResponseType.class))).thenReturn(
                CompletableFuture.completedFuture(Optional.of(new AccountHolder(ACCOUNT, OWNER, "EUR", true))));
        return new RaisingAlerts(windows, settings, commands, queries);
    }

    private static AlertSettings defaults() {
        return new AlertSettings(null);
    }

    private DomainEventMessage<?> at(double seconds, String aggregate, Object payload) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, payload, MetaData.emptyInstance(),
                "event-" + sequence++, T0.plusMillis(Math.round(seconds * 1000)));
    }

    private DomainEventMessage<?> withdrawn(double seconds, String amount, String currency) {
        return at(seconds, ACCOUNT, new MoneyWithdrawn(ACCOUNT, new BigDecimal(amount), currency, null));
    }

    private DomainEventMessage<?> debited(double seconds, String amount) {
        return at(seconds, ACCOUNT, new AccountDebited(ACCOUNT, "pay-" + sequence, new BigDecimal(amount), "EUR"));
    }

    private DomainEventMessage<?> requested(double seconds) {
        String payment = "pay-" + sequence;
        return at(seconds, payment, new PaymentRequested(payment, OWNER, ACCOUNT, BigDecimal.ONE, "EUR", null, null,
                false));
    }

    private List<RaiseAlert> raised(RaisingAlerts alerts, DomainEventMessage<?>... events) throws Exception {
        new Projections(alerts).handle(List.of(events));
        return sent.stream().map(command -> (RaiseAlert) command.getPayload()).toList();
    }

    @Nested
    class Large_outflow {

        @Test
        void withdrawals_and_payment_debits_above_10000_within_60_seconds_raise_one_alert_for_the_owner()
                throws Exception {
            List<RaiseAlert> alerts = raised(processor(defaults()), withdrawn(0, "6000.00", "EUR"),
                    at(1, ACCOUNT, new MoneyDeposited(ACCOUNT, new BigDecimal("99999.00"), "EUR", null, "API")),
                    debited(30, "4000.01"), withdrawn(40, "100.00", "EUR"));

            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.rule()).isEqualTo("large-outflow");
                assertThat(alert.accountId()).isEqualTo(ACCOUNT);
                assertThat(alert.owner()).isEqualTo(OWNER);
                assertThat(alert.value()).isEqualTo(new BigDecimal("10000.01"));
                assertThat(alert.threshold()).isEqualTo(new BigDecimal("10000.00"));
                assertThat(alert.currency()).isEqualTo("EUR");
                assertThat(alert.detectedAt()).isEqualTo(T0.plusSeconds(30));
                assertThat(alert.windowEnd()).isEqualTo(T0.plusSeconds(30));
                assertThat(alert.windowStart()).isEqualTo(T0.minusSeconds(30));
            });
            // the event feed and webhooks show the alert to the account's owner
            assertThat(sent.get(0).getMetaData()).containsEntry(TallyMetaData.USERNAME, OWNER);
        }

        @Test
        void in_a_currency_without_fraction_digits_the_threshold_is_10000() throws Exception {
            assertThat(raised(processor(defaults()), withdrawn(0, "10000", "JPY"))).isEmpty();

            List<RaiseAlert> alerts = raised(processor(defaults()), withdrawn(0, "10001", "JPY"));
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.threshold()).isEqualTo(new BigDecimal("10000"));
                assertThat(alert.value()).isEqualTo(new BigDecimal("10001"));
                assertThat(alert.currency()).isEqualTo("JPY");
            });
        }

        @Test
        void in_a_currency_with_two_fraction_digits_it_is_10000_00() throws Exception {
            assertThat(raised(processor(defaults()), withdrawn(0, "10000.00", "EUR"))).isEmpty();
            assertThat(raised(processor(defaults()), withdrawn(0, "10000.01", "EUR"))).hasSize(1);
        }

        @Test
        void a_rule_switched_off_raises_nothing() throws Exception {
            AlertSettings off = new AlertSettings(new AlertSettings.Rules(
                    new AlertSettings.Rule(null, null, false), null));

            assertThat(raised(processor(off), withdrawn(0, "20000.00", "EUR"))).isEmpty();
        }

        @Test
        void a_configured_window_and_threshold_are_used() throws Exception {
            AlertSettings small = new AlertSettings(new AlertSettings.Rules(
                    new AlertSettings.Rule(Duration.ofSeconds(5), new BigDecimal("100"), true), null));

            assertThat(raised(processor(small), withdrawn(0, "60.00", "EUR"), withdrawn(6, "60.00", "EUR"))).isEmpty();
            assertThat(raised(processor(small), withdrawn(20, "60.00", "EUR"), withdrawn(24, "60.00", "EUR")))
                    .hasSize(1);
        }
    }

    @Nested
    class Rapid_payments {

        @Test
        void ten_payments_in_ten_minutes_raise_nothing_and_an_eleventh_raises_an_alert() throws Exception {
            RaisingAlerts alerts = processor(defaults());
            DomainEventMessage<?>[] ten = new DomainEventMessage<?>[10];
            for (int i = 0; i < 10; i++) {
                ten[i] = requested(i * 55);
            }
            assertThat(raised(alerts, ten)).isEmpty();

            assertThat(raised(alerts, requested(599))).singleElement().satisfies(alert -> {
                assertThat(alert.rule()).isEqualTo("rapid-payments");
                assertThat(alert.value()).isEqualTo(new BigDecimal("11"));
                assertThat(alert.threshold()).isEqualTo(BigDecimal.TEN);
                assertThat(alert.currency()).isNull();
            });
        }
    }

    @Nested
    class Identity {

        @Test
        void a_replay_of_the_same_events_raises_the_same_alerts_under_the_same_ids() throws Exception {
            List<DomainEventMessage<?>> events = List.of(withdrawn(0, "10000.01", "EUR"),
                    withdrawn(61, "10000.01", "EUR"));
            List<String> first = raised(processor(defaults()), events.toArray(DomainEventMessage<?>[]::new))
                    .stream().map(RaiseAlert::alertId).toList();
            sent.clear();

            // a replay starts with empty windows (the reset handler) and sees the same events
            List<String> replayed = raised(processor(defaults()), events.toArray(DomainEventMessage<?>[]::new))
                    .stream().map(RaiseAlert::alertId).toList();

            assertThat(first).hasSize(2).doesNotHaveDuplicates();
            assertThat(replayed).isEqualTo(first);
        }

        @Test
        void an_event_handled_again_with_its_window_kept_raises_nothing_more() throws Exception {
            RaisingAlerts alerts = processor(defaults());
            DomainEventMessage<?> large = withdrawn(0, "10000.01", "EUR");
            raised(alerts, large);

            assertThat(raised(alerts, large)).hasSize(1);
        }
    }

}
