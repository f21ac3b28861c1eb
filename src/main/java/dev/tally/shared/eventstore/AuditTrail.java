package dev.tally.shared.eventstore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads an aggregate's events straight from the event store table, oldest first, as stored.
 * It reads rows rather than Axon's event stream because an audit trail must show what was
 * written (payload and revision) and not what today's upcasters make of it.
 */
@Component
public class AuditTrail {

    private final JdbcTemplate jdbc;

    public AuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The events of one aggregate of the given type; empty when there is no such aggregate. */
    public List<StoredEvent> of(String aggregateType, String aggregateId) {
        return jdbc.query("""
                        select sequence_number, payload_type, payload_revision, time_stamp, payload, meta_data
                        from domain_event_entry
                        where aggregate_identifier = ? and type = ?
                        order by sequence_number""",
                (row, index) -> new StoredEvent(
                        row.getLong("sequence_number"),
                        simpleName(row.getString("payload_type")),
                        row.getString("payload_revision"),
                        Instant.parse(row.getString("time_stamp")),
                        text(row.getBytes("payload")),
                        text(row.getBytes("meta_data"))),
                aggregateId, aggregateType);
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
    }

    private static String text(byte[] json) {
        return json == null ? "{}" : new String(json, StandardCharsets.UTF_8);
    }
}
