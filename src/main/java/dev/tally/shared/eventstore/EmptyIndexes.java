package dev.tally.shared.eventstore;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Global indexes of the event store that have no (committed) event: handed to an append that has not
 * committed yet, or to one that rolled back and left it empty for good. A reader cannot tell the two
 * apart, which is why gap-aware tokens keep such indexes as gaps for a while (see {@link GapSettings}).
 */
@Component
public class EmptyIndexes {

    private final JdbcTemplate jdbc;

    EmptyIndexes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The indexes from {@code from} to {@code to} (both included) without an event now, in order:
     * read as the holes between the stored events, so the cost grows with the events in the range.
     */
    public List<Long> between(long from, long to) {
        List<Long> empty = new ArrayList<>();
        if (from > to) {
            return empty;
        }
        Long first = jdbc.queryForObject("select min(global_index) from domain_event_entry"
                + " where global_index between ? and ?", Long.class, from, to);
        if (first == null) {
            addRange(empty, from, to);
            return empty;
        }
        addRange(empty, from, first - 1);
        // each stored event followed by a hole, or by nothing up to the end of the range
        jdbc.query("select global_index, next_index from (select global_index, lead(global_index) over"
                        + " (order by global_index) as next_index from domain_event_entry where global_index between ? and ?)"
                        + " followed where next_index is null or next_index > global_index + 1",
                row -> {
                    long index = row.getLong(1);
                    long next = row.getLong(2);
                    addRange(empty, index + 1, row.wasNull() ? to : next - 1);
                }, from, to);
        return empty;
    }

    private static void addRange(List<Long> into, long from, long to) {
        for (long index = from; index <= to; index++) {
            into.add(index);
        }
    }
}
