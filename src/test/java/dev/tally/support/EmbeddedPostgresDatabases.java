package dev.tally.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests, started by the tests themselves (zonky's embedded
 * PostgreSQL: the server binaries come from Maven Central, no Docker), once per test JVM; each
 * application a test starts gets a database of its own on it.
 */
public final class EmbeddedPostgresDatabases {

    /** {@code -Dtally.postgres.durable=true}: fsync, synchronous commit and full-page writes on, as in production. */
    public static final String DURABLE = "tally.postgres.durable";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresDatabases() {
    }

    /** A new, empty database; its JDBC URL. */
    public static String newDatabase() {
        String name = "tally_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("create database " + name);
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot create database " + name, failed);
        }
        return server().getJdbcUrl("postgres", name);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // the server stops with the JVM (zonky's own shutdown hook)
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                if (Boolean.getBoolean(DURABLE)) {
                    // zonky switches durability off for speed; production (and the benchmark) keep it on
                    builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                            .setServerConfig("full_page_writes", "on");
                }
                server = builder.start();
            } catch (IOException failed) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL", failed);
            }
        }
        return server;
    }
}
