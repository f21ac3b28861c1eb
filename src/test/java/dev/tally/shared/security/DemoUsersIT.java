package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.PostgresNode;
import org.junit.jupiter.api.Test;

/**
 * The start command a production operator might copy with the demo profile still on: Tally on
 * PostgreSQL with the published demo users does not start, and says why (DemoUsersTest has the
 * rules; every other PostgreSQL test opts in through the test classpath's configuration).
 */
class DemoUsersIT {

    @Test
    void Tally_on_PostgreSQL_with_the_demo_users_and_no_opt_in_does_not_start() {
        String database = EmbeddedPostgresDatabases.newDatabase();
        assertThatThrownBy(() -> PostgresNode.start(database, "--tally.security.allow-demo-users=false").close())
                .hasStackTraceContaining("Tally refuses to start with published demo credentials (admin, alice, bob,"
                        + " the token secret:");
    }
}
