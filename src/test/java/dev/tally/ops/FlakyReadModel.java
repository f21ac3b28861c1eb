package dev.tally.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tally.account.api.MoneyDeposited;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A read model for the dead-letter test, present only with {@code tally.test.flaky-read-model=true}:
 * it fails on deposits described as "poison" until it is healed, and remembers what it handled.
 */
@Component
@ConditionalOnProperty("tally.test.flaky-read-model")
@ProcessingGroup(FlakyReadModel.NAME)
class FlakyReadModel {

    static final String NAME = "flaky-read-model";
    static final AtomicBoolean HEALED = new AtomicBoolean();
    static final List<String> HANDLED = new CopyOnWriteArrayList<>();

    @EventHandler
    void on(MoneyDeposited deposited) {
        if ("poison".equals(deposited.description()) && !HEALED.get()) {
            throw new IllegalStateException("cannot digest this deposit");
        }
        HANDLED.add(deposited.accountId() + ":" + deposited.description());
    }
}
