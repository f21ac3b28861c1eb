package dev.tally.privacy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 10: the customers who issued events before pseudonyms existed keep their login as
 * their subject ({@link Pseudonyms}), because those events name them so and cannot change. They are
 * found in the {@code username} metadata of the stored events (the issuer of every command, so the
 * owner of every account, cart and payment), read once, when the schema is upgraded: the read
 * models may be empty then (during a replay), the event store never is.
 */
public final class LegacySubjects implements JavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("10");
    }

    @Override
    public String getDescription() {
        return "legacy subjects from stored events";
    }

    @Override
    public Integer getChecksum() {
        return 10;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        Set<String> logins = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement("select meta_data from domain_event_entry")) {
            select.setFetchSize(1_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String login = issuer(rows.getBytes(1));
                    if (login != null) {
                        logins.add(login);
                    }
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into customer_pseudonym (login, subject, created_at) values (?, ?, ?)")) {
            Set<String> linked = new java.util.HashSet<>();
            for (String login : logins) {
                if (!linked.add(Pseudonyms.normal(login))) {
                    continue; // Alice and alice: one customer; the first spelling is their subject
                }
                insert.setString(1, Pseudonyms.normal(login));
                insert.setString(2, login);
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String issuer(byte[] metaData) throws SQLException {
        if (metaData == null) {
            return null;
        }
        try {
            String login = JSON.readTree(metaData).path("username").asText(null);
            return login == null || login.isBlank() || login.length() > 100 ? null : login;
        } catch (IOException notJson) {
            throw new SQLException("stored metadata is not JSON", notJson);
        }
    }
}
