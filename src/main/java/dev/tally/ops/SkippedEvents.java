package dev.tally.ops;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The events a processor passed without handling, as the detector found them ({@code skipped_event}):
 * the same list on every node, each event once per processor however many nodes noticed it.
 */
@Component
class SkippedEvents {

    /** One skipped event. */
    record Skipped(String processor, long globalIndex, String aggregateId, String payloadType) {
    }

    private final JdbcTemplate jdbc;

    SkippedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the skip; true if this call recorded it, false if some node had already. */
    boolean record(Skipped skipped, String node) {
        try {
            jdbc.update("insert into skipped_event (processor_name, global_index, aggregate_id, payload_type,"
                            + " detected_at, detected_by) values (?, ?, ?, ?, ?, ?)", skipped.processor(),
                    skipped.globalIndex(), skipped.aggregateId(), skipped.payloadType(),
                    OffsetDateTime.now(ZoneOffset.UTC), node);
            return true;
        } catch (DuplicateKeyException alreadyRecorded) {
            return false;
        }
    }

    /** Per processor with skipped events, their global indexes in order. */
    Map<String, List<Long>> byProcessor() {
        Map<String, List<Long>> all = new TreeMap<>();
        jdbc.query("select processor_name, global_index from skipped_event order by processor_name, global_index",
                row -> {
                    all.computeIfAbsent(row.getString(1), name -> new java.util.ArrayList<>()).add(row.getLong(2));
                });
        return all;
    }

    /** A processor that was reset to before these events handles them again: they are no longer skipped. */
    void forgetAfter(String processor, long position) {
        jdbc.update("delete from skipped_event where processor_name = ? and global_index > ?", processor, position);
    }
}
