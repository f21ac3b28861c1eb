package dev.tally.shared.eventstore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

    /** The most events one page holds, and what a page holds unless asked for fewer. */
    public static final int MAX_PAGE = 1_000;

    /**
     * Which page of an audit trail: the events after sequence {@code after} (from the first when
     * absent), at most {@code size} of them ({@value #MAX_PAGE} when absent). A long history is
     * read page by page, each page's last sequence the next one's {@code after}.
     */
    public record PageRequest(@Min(-1) Long after, @Min(1) @Max(MAX_PAGE) Integer size) {

        long from() {
            return after == null ? -1 : after;
        }

        int limit() {
            return size == null ? MAX_PAGE : size;
        }
    }

    /** A page of events, oldest first; {@code nextAfter} is where the next page starts, null after the last. */
    public record Page(List<StoredEvent> events, Long nextAfter) {
    }

    /** A page of the events of one aggregate of the given type; empty when there is no such aggregate. */
    public Page of(String aggregateType, String aggregateId, PageRequest page) {
        List<StoredEvent> events = jdbc.query("""
                        select sequence_number, payload_type, payload_revision, time_stamp, payload, meta_data
                        from domain_event_entry
                        where aggregate_identifier = ? and type = ? and sequence_number > ?
                        order by sequence_number
                        limit ?""",
                (row, index) -> new StoredEvent(
                        row.getLong("sequence_number"),
                        simpleName(row.getString("payload_type")),
                        row.getString("payload_revision"),
                        Instant.parse(row.getString("time_stamp")),
                        text(row.getBytes("payload")),
                        text(row.getBytes("meta_data"))),
                aggregateId, aggregateType, page.from(), page.limit() + 1);
        // one more than asked for tells whether there is a next page
        return events.size() > page.limit()
                ? new Page(events.subList(0, page.limit()), events.get(page.limit() - 1).sequence())
                : new Page(events, null);
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
    }

    private static String text(byte[] json) {
        return json == null ? "{}" : new String(json, StandardCharsets.UTF_8);
    }
}
