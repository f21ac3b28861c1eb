package dev.tally.scaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tally.account.api.MoneyDeposited;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A read model for the several-nodes test, present only with {@code tally.test.counting-read-model=true}:
 * it counts how often each deposit was handled, over every node running in this JVM.
 */
@Component
@ConditionalOnProperty("tally.test.counting-read-model")
@ProcessingGroup(CountingReadModel.NAME)
class CountingReadModel {

    static final String NAME = "counting-read-model";
    static final Map<String, Integer> HANDLED = new ConcurrentHashMap<>();

    @EventHandler
    void on(MoneyDeposited deposited, EventMessage<MoneyDeposited> message) {
        HANDLED.merge(message.getIdentifier(), 1, Integer::sum);
    }
}
