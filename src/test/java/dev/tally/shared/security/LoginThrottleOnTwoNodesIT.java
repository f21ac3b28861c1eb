package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;

import dev.tally.support.ApiRequests;
import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.PostgresNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes behind a balancer count one user's failed logins together (the buckets live in
 * PostgreSQL): five wrong passwords on each make the eleventh attempt a 429 on both, and the table
 * holds hashes, not the user name.
 */
class LoginThrottleOnTwoNodesIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private int login(ConfigurableApplicationContext node, String user, String password) throws Exception {
        String base = "http://localhost:" + ((WebServerApplicationContext) node).getWebServer().getPort();
        return http.send(ApiRequests.request(base + "/api/auth/token", user, password, "POST", null, null).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void failures_on_either_node_count_for_both() throws Exception {
        String database = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext first = PostgresNode.start(database);
             ConfigurableApplicationContext second = PostgresNode.start(database)) {
            for (int i = 0; i < 5; i++) {
                assertThat(login(first, "alice", "guess-a" + i)).as("failure %d on the first node", i + 1).isEqualTo(401);
                assertThat(login(second, "alice", "guess-b" + i)).as("failure %d on the second node", i + 1).isEqualTo(401);
            }

            assertThat(login(first, "alice", "alice-pw")).isEqualTo(429);
            assertThat(login(second, "alice", "alice-pw")).isEqualTo(429);
            assertThat(login(second, "bob", "bob-pw")).isEqualTo(200);

            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            // alice's bucket and bob's (every attempt takes a try, a success gives it back), by hash
            assertThat(jdbc.queryForObject("select count(*) from login_throttle_bucket", Long.class)).isEqualTo(2);
            assertThat(jdbc.queryForObject("select count(*) from login_throttle_bucket where id like '%alice%'",
                    Long.class)).isZero();
        }
    }
}
