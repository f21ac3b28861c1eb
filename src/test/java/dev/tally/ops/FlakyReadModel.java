package dev.tally.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tally.account.api.MoneyDeposited;
import dev.tally.shared.readmodel.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A read model for the dead-letter test, present only with {@code tally.test.flaky-read-model=true}:
 * it fails on deposits described as "poison" until it is healed, and remembers what it handled, in
 * memory and in its table (which a replay rebuilds beside the old one).
 */
@Component
@ConditionalOnProperty("tally.test.flaky-read-model")
@ProcessingGroup(FlakyReadModel.NAME)
@ReadModelTables("flaky_row")
class FlakyReadModel {

    static final String NAME = "flaky-read-model";
    static final AtomicBoolean HEALED = new AtomicBoolean();
    static final List<String> HANDLED = new CopyOnWriteArrayList<>();

    private final JdbcTemplate jdbc;

    FlakyReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        // a table of the test's own, beside Flyway's
        jdbc.execute("create table if not exists flaky_row (entry varchar(200) not null primary key)");
    }

    @EventHandler
    void on(MoneyDeposited deposited) {
        if ("poison".equals(deposited.description()) && !HEALED.get()) {
            throw new IllegalStateException("cannot digest this deposit");
        }
        String entry = deposited.accountId() + ":" + deposited.description();
        HANDLED.add(entry);
        jdbc.update("delete from flaky_row where entry = ?", entry);
        jdbc.update("insert into flaky_row (entry) values (?)", entry);
    }
}
