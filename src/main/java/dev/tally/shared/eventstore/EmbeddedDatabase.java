package dev.tally.shared.eventstore;

/**
 * Whether Tally's database is the embedded default (an H2 file or memory database of this process,
 * which no other node can share): what is fine for a demo there (published users, a generated
 * key) is refused on a database that production's nodes share.
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    /** @param jdbcUrl {@code spring.datasource.url} */
    public static boolean is(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:tcp:")
                && !jdbcUrl.startsWith("jdbc:h2:ssl:");
    }
}
