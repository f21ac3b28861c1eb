package dev.tally.shared.upcasting;

import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step in the life of a stored event's JSON: the payload of {@code eventType} at
 * {@code fromRevision} becomes the payload at {@code toRevision}. Declare steps as beans; they
 * run in one {@code EventUpcasterChain} (see {@link UpcastingConfig}), in order of revision per
 * event type, so an event stored at revision 1 passes every step up to today's revision.
 *
 * @param change edits the payload in place (a copy of the stored JSON)
 */
public record JsonUpcast(String eventType, String fromRevision, String toRevision, Consumer<ObjectNode> change) {

    public JsonUpcast {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(fromRevision, "fromRevision");
        Objects.requireNonNull(toRevision, "toRevision");
        Objects.requireNonNull(change, "change");
    }

    /** A step for an event class, whose stored type is its fully qualified name. */
    public static JsonUpcast of(Class<?> eventType, String fromRevision, String toRevision,
                                Consumer<ObjectNode> change) {
        return new JsonUpcast(eventType.getName(), fromRevision, toRevision, change);
    }

    /** A field that was renamed: its value moves to the new name (a missing field stays missing). */
    public static Consumer<ObjectNode> rename(String from, String to) {
        return payload -> {
            if (payload.has(from)) {
                payload.set(to, payload.remove(from));
            }
        };
    }

    /** A field that was added: events stored before it get the value it stood for then. */
    public static Consumer<ObjectNode> addText(String field, String valueForOlderEvents) {
        return payload -> {
            if (!payload.has(field)) {
                payload.put(field, valueForOlderEvents);
            }
        };
    }
}
