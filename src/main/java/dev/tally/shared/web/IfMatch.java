package dev.tally.shared.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.shared.InvalidInput;
import org.springframework.http.ResponseEntity;

/** The version a client expects, from an {@code If-Match: "<version>"} header. */
public final class IfMatch {

    private static final Pattern ENTITY_TAG = Pattern.compile("\"?(\\d{1,18})\"?");

    private IfMatch() {
    }

    /** The expected version, or {@code null} when the header is absent or {@code *} (any version). */
    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        Matcher matcher = ENTITY_TAG.matcher(header.strip());
        if (!matcher.matches()) {
            throw new InvalidInput("If-Match", "must be an entity tag such as \"3\", the version of the entity");
        }
        return Long.valueOf(matcher.group(1));
    }

    /** A 200 with the body and the version as its {@code ETag}, for the client's next {@code If-Match}. */
    public static <T> ResponseEntity<T> ok(long version, T body) {
        return ResponseEntity.ok().eTag(entityTag(version)).body(body);
    }

    /** The entity tag for a version, as {@code ETag} carries it. */
    public static String entityTag(long version) {
        return "\"" + version + "\"";
    }
}
