package dev.tally.ops;

import java.util.List;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The processors' tokens as every node sees them: read from the token store's table (shared by
 * the nodes), not from this node's claims, and without claiming anything. A node that holds no
 * segment of a processor answers about it like the node that holds them all.
 */
@Component
class SharedTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    SharedTokens(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** A segment's token (null before it handled anything) and the node that claims it (null: none). */
    record Segment(int segment, String owner, TrackingToken token) {
    }

    List<Segment> of(String processor) {
        return jdbc.query("select segment, owner, token, token_type from token_entry where processor_name = ?"
                        + " order by segment",
                (row, index) -> new Segment(row.getInt("segment"), row.getString("owner"),
                        token(row.getBytes("token"), row.getString("token_type"))), processor);
    }

    private TrackingToken token(byte[] data, String type) {
        if (data == null || type == null) {
            return null;
        }
        SerializedType serializedType = new SimpleSerializedType(type, null);
        return serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, serializedType));
    }
}
