package dev.tally.alert;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

import dev.tally.account.api.AccountDebited;
import dev.tally.account.api.AccountHolder;
import dev.tally.account.api.FindAccountHolder;
import dev.tally.account.api.MoneyWithdrawn;
import dev.tally.alert.api.RaiseAlert;
import dev.tally.payment.api.PaymentRequested;
import dev.tally.shared.axon.TallyMetaData;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * The {@code alerts} processor: each event a rule counts goes into that rule's window of its
 * account ({@link SlidingWindow}, kept in {@link AccountWindow} rows in the processor's
 * transaction, so they commit with its token), and a window that goes above its threshold raises
 * an alert. Event time, not the time of handling: a replay sees the same windows and raises the
 * same alerts, under the same ids, which the {@link Alert} raises only once.
 */
@Component
@ProcessingGroup(RaisingAlerts.PROCESSING_GROUP)
class RaisingAlerts {

    static final String PROCESSING_GROUP = "alerts";

    private final AccountWindowRepository windows;
    private final AlertSettings settings;
    private final CommandGateway commands;
    private final QueryGateway queries;

    RaisingAlerts(AccountWindowRepository windows, AlertSettings settings, CommandGateway commands,
                  QueryGateway queries) {
        this.windows = windows;
        this.settings = settings;
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    void on(MoneyWithdrawn withdrawn, DomainEventMessage<?> message) {
        outflow(withdrawn.accountId(), withdrawn.amount(), withdrawn.currency(), message);
    }

    /** A payment's debit: payments take money out as withdrawals do. */
    @EventHandler
    void on(AccountDebited debited, DomainEventMessage<?> message) {
        outflow(debited.accountId(), debited.amount(), debited.currency(), message);
    }

    @EventHandler
    void on(PaymentRequested requested, DomainEventMessage<?> message) {
        observe(AlertRule.RAPID_PAYMENTS, requested.accountId(), BigDecimal.ONE, null, message);
    }

    /** A replay starts every window afresh; the alerts it finds again are the ones raised before. */
    @ResetHandler
    void reset() {
        windows.deleteAllEntries();
        windows.deleteAllInBatch();
    }

    private void outflow(String accountId, BigDecimal amount, String currency, DomainEventMessage<?> message) {
        observe(AlertRule.LARGE_OUTFLOW, accountId, amount, Currency.getInstance(currency), message);
    }

    /** @param currency the account's, for a rule over amounts; null for a rule that counts */
    private void observe(AlertRule rule, String accountId, BigDecimal amount, Currency currency,
                         DomainEventMessage<?> message) {
        AlertSettings.Rule ruleSettings = settings.of(rule);
        if (!ruleSettings.on()) {
            return;
        }
        AccountWindow window = windows.findById(AccountWindow.idOf(rule, accountId))
                .orElseGet(() -> windows.save(new AccountWindow(rule, accountId)));
        SlidingWindow.Step step = new SlidingWindow(ruleSettings.window(), ruleSettings.threshold())
                .observe(window.state(), new SlidingWindow.Entry(message.getIdentifier(), message.getTimestamp(), amount));
        window.keep(step.after());
        step.excess().ifPresent(excess -> raise(rule, accountId, currency, ruleSettings.threshold(), excess));
    }

    private void raise(AlertRule rule, String accountId, Currency currency, BigDecimal threshold,
                       SlidingWindow.Excess excess) {
        String owner = queries.query(new FindAccountHolder(accountId), ResponseTypes.optionalInstanceOf(AccountHolder.class))
                .join().map(AccountHolder::owner)
                .orElseThrow(() -> new IllegalStateException("no holder of account " + accountId));
        RaiseAlert raise = new RaiseAlert(alertId(rule, accountId, excess), rule.ruleName(), accountId, owner,
                excess.windowStart(), excess.windowEnd(), inCurrency(excess.value(), currency),
                inCurrency(threshold, currency), currency == null ? null : currency.getCurrencyCode(),
                excess.trigger().at());
        // the alert is the owner's: the event feed and webhooks show it to whoever its username names,
        // whoever issued the event that set it off
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(raise)
                .andMetaData(Map.of(TallyMetaData.USERNAME, owner)));
    }

    /** What the alert is about names it: the same episode found again (a replay, another node) is the same alert. */
    static String alertId(AlertRule rule, String accountId, SlidingWindow.Excess excess) {
        String about = "alert:" + rule.ruleName() + ":" + accountId + ":" + excess.trigger().eventId();
        return UUID.nameUUIDFromBytes(about.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An amount with its currency's fraction digits (10000.00 EUR, 10000 JPY), as far as that loses nothing. */
    private static BigDecimal inCurrency(BigDecimal amount, Currency currency) {
        if (currency == null) {
            return amount;
        }
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        return amount.stripTrailingZeros().scale() <= digits ? amount.setScale(digits) : amount;
    }
}
