package dev.tally.feed;

import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * Where a feed client stands, as the id of each event it is sent: the global index it has read up
 * to, and the indexes below it that were still empty when it passed them and may yet fill (an append
 * that had not committed): {@code 1234}, or {@code 1234:1229,1231}. A client that resumes with it
 * ({@code Last-Event-ID}) is sent an event that filled one of those indexes meanwhile, and nothing it
 * was sent before. A plain global index (the form of ids before) is read as such, without gaps.
 */
final class FeedPosition {

    /** The most indexes a position may name as still open, to bound what a client can make us query. */
    static final int MOST_GAPS = 10_000;

    private FeedPosition() {
    }

    static String of(TrackingToken token) {
        TrackingToken position = WrappedToken.unwrapLowerBound(token);
        if (!(position instanceof GapAwareTrackingToken gapAware)) {
            return Long.toString(token.position().orElse(-1));
        }
        if (gapAware.getGaps().isEmpty()) {
            return Long.toString(gapAware.getIndex());
        }
        return gapAware.getIndex() + ":" + gapAware.getGaps().stream().map(String::valueOf)
                .collect(Collectors.joining(","));
    }

    /** @throws IllegalArgumentException if it is not a position this feed writes */
    static GapAwareTrackingToken parse(String id) {
        String[] parts = id.strip().split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not a feed position");
        }
        long index = Long.parseLong(parts[0]);
        SortedSet<Long> gaps = new TreeSet<>();
        if (parts.length == 2) {
            Arrays.stream(parts[1].split(",", -1)).map(Long::parseLong).forEach(gaps::add);
        }
        if (index < 0 || gaps.size() > MOST_GAPS || (!gaps.isEmpty() && (gaps.first() < 0 || gaps.last() >= index))) {
            throw new IllegalArgumentException("not a feed position");
        }
        return GapAwareTrackingToken.newInstance(index, gaps);
    }

    /** Whether the id names its open indexes itself, rather than being a plain global index. */
    static boolean namesGaps(String id) {
        return id.contains(":");
    }
}
