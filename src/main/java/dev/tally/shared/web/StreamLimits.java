package dev.tally.shared.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tally.streams.*}: how much a node holds for clients that stay connected. A live stream
 * (server-sent events: the event feed, an account's updates) lasts as long as its client stays,
 * and a feed stream holds a reader thread and an event-store stream all that time; a read that
 * waits for a read model ({@code ?minVersion=}) holds one of Tomcat's 64 request threads for up to
 * the read-your-writes timeout. Without caps, one client could take them all. Beyond a cap the
 * client gets 429 with {@code Retry-After} ({@link TooManyRequests}). Counted per node.
 *
 * @param perUser             live streams one user may have open at once
 * @param total               live streams of all users at once; also the most reader threads of the event feed
 * @param readYourWritesWaits reads that may wait for a read model at once; below Tomcat's request
 *                            threads, so that waiting reads never starve the other requests
 */
@ConfigurationProperties("tally.streams")
public record StreamLimits(@DefaultValue("5") int perUser, @DefaultValue("200") int total,
                           @DefaultValue("32") int readYourWritesWaits) {

    public StreamLimits {
        if (perUser < 1 || total < 1 || readYourWritesWaits < 1) {
            throw new IllegalArgumentException("tally.streams needs per-user, total and read-your-writes-waits >= 1");
        }
    }
}
