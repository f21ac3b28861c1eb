package dev.tally.shared.eventstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Events exactly as an earlier version of Tally stored them (rows of {@code domain_event_entry},
 * with payload type and revision), checked in under {@code src/test/resources/event-fixtures} and
 * written into a fresh database: the test of whether today's code still reads yesterday's events.
 */
public record StoredEventFixtures(Map<String, String> ids, List<Map<String, Object>> events) {

    public static StoredEventFixtures load(String resource) {
        try (InputStream json = StoredEventFixtures.class.getResourceAsStream(resource)) {
            if (json == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new ObjectMapper().readValue(json, StoredEventFixtures.class);
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read fixture " + resource, unreadable);
        }
    }

    /** Creates the schema of before V10 in an empty database (H2 or PostgreSQL) and stores the fixture's events in it. */
    public void writeTo(String jdbcUrl) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        DriverManagerDataSource dataSource = postgres
                ? new DriverManagerDataSource(jdbcUrl, "postgres", "postgres")
                : new DriverManagerDataSource(jdbcUrl, "sa", "");
        // the schema as it was when these events were stored (before pseudonyms, V10): the application
        // upgrades it at its start, as it would a real store
        SchemaMigrations.placeholders(org.flywaydb.core.Flyway.configure().dataSource(dataSource)
                .locations(SchemaMigrations.LOCATION)).target("9").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long last = 0;
        for (Map<String, Object> event : events) {
            long globalIndex = ((Number) event.get("globalIndex")).longValue();
            jdbc.update("""
                            insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,
                                sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    globalIndex, event.get("eventIdentifier"), event.get("aggregateIdentifier"),
                    ((Number) event.get("sequenceNumber")).longValue(), event.get("type"), event.get("timeStamp"),
                    event.get("payloadType"), event.get("payloadRevision"), bytes(event.get("payload")),
                    bytes(event.get("metaData")));
            last = Math.max(last, globalIndex);
        }
        // new events go after the stored ones
        jdbc.execute("alter sequence domain_event_entry_seq restart with " + (last + 1));
        if (!postgres) {
            jdbc.execute("shutdown"); // the application opens the H2 file next
        }
    }

    private static byte[] bytes(Object json) {
        return ((String) json).getBytes(StandardCharsets.UTF_8);
    }
}
