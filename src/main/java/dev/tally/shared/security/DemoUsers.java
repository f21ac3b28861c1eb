package dev.tally.shared.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tally.shared.eventstore.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The demo users' passwords are published in the API contract (alice / alice-pw, bob / bob-pw,
 * admin / admin-pw), so whoever can reach a Tally that has them is its admin. They are meant for a
 * laptop: the demo profile, which is the default, brings them on the embedded H2 database. A start
 * with any of them logs a warning naming them; a start with them on a database other nodes share
 * (anything but an embedded H2 file or memory database, i.e. production's PostgreSQL) is refused,
 * unless {@code tally.security.allow-demo-users} says it is meant.
 *
 * <p>A user counts as a demo user by the password, not by the profile that brought it: a hash of
 * {@code admin-pw} copied into a production configuration is just as published. Checking costs one
 * password hash per demo name configured, once at start.
 */
final class DemoUsers {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);
    private static final Map<String, String> PUBLISHED = Map.of(
            "alice", "alice-pw", "bob", "bob-pw", "admin", "admin-pw");
    /** The demo profile's token secret (application.yml). */
    private static final String PUBLISHED_TOKEN_SECRET = "demo-only-token-secret-not-for-production-use";

    private DemoUsers() {
    }

    /**
     * Warns about the configured users whose password is the published one (and about the demo's
     * published token secret, with which anyone can sign an ADMIN token), or refuses to start with
     * them on a shared database.
     *
     * @param tokenSecret the key that signs the bearer tokens
     * @param databaseUrl the JDBC URL of Tally's database
     * @param allowed     {@code tally.security.allow-demo-users}: the operator means to run the demo there
     */
    static void check(UserProperties users, PasswordEncoder encoder, String tokenSecret, String databaseUrl,
                      boolean allowed) {
        List<String> published = new ArrayList<>(users.users().entrySet().stream()
                .filter(user -> PUBLISHED.containsKey(user.getKey()))
                .filter(user -> encoder.matches(PUBLISHED.get(user.getKey()), user.getValue().password()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList());
        if (PUBLISHED_TOKEN_SECRET.equals(tokenSecret)) {
            published.add("the token secret");
        }
        if (published.isEmpty()) {
            return;
        }
        if (!EmbeddedDatabase.is(databaseUrl) && !allowed) {
            throw new IllegalStateException("Tally refuses to start with published demo credentials ("
                    + String.join(", ", published) + ": the API contract and the demo profile, which is the default,"
                    + " publish them) on the database " + withoutParameters(databaseUrl) + ", which is not the"
                    + " embedded H2 one. Configure your own users under tally.security.users and TALLY_TOKEN_SECRET, and name"
                    + " your profiles without demo (e.g. --spring.profiles.active=postgres), or set"
                    + " tally.security.allow-demo-users=true to run the demo there on purpose.");
        }
        log.warn("Published demo credentials are in use: {}. Anyone who can reach this Tally can use them (admin"
                + " is an ADMIN). Fine on a laptop; a deployment configures its own users under"
                + " tally.security.users and TALLY_TOKEN_SECRET, and starts without the demo profile.",
                String.join(", ", published));
    }

    /** The URL without what may follow it (a password among the parameters). */
    private static String withoutParameters(String databaseUrl) {
        return databaseUrl == null ? null : databaseUrl.replaceAll("[?;].*$", "");
    }
}
