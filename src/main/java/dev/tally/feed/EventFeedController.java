package dev.tally.feed;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tally.shared.InvalidInput;
import dev.tally.shared.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live feed of stored events ("Event feed" in the API contract). */
@Tag(name = "events", description = "The live event feed")
@RestController
class EventFeedController {

    private final EventFeed feed;

    EventFeedController(EventFeed feed) {
        this.feed = feed;
    }

    @Operation(summary = "Follow the caller's events as server-sent events (admins: all)")
    @GetMapping(path = "/api/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller, @RequestParam(required = false) String types,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Set<String> wanted = types == null ? Set.of() : Arrays.stream(types.split(","))
                .map(String::strip).filter(type -> !type.isEmpty()).collect(Collectors.toSet());
        return feed.open(caller, wanted, lastSeen(lastEventId)).emitter();
    }

    /** The position the client's last event named, checked here so that a bad one is a 400. */
    private static String lastSeen(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            FeedPosition.parse(lastEventId);
            return lastEventId.strip();
        } catch (IllegalArgumentException notAPosition) { // NumberFormatException too
            throw new InvalidInput("Last-Event-ID", "must be the id of an event this feed sent");
        }
    }
}
