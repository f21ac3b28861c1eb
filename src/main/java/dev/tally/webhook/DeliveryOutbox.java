package dev.tally.webhook;

import static dev.tally.webhook.WebhookRegistry.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox of deliveries ({@code webhook_delivery}): what the {@code webhook-outbox} processor
 * records and the worker sends. A delivery is recorded once per webhook and event, however often
 * the event comes by (a replay, a batch handled again after a failure): the insert does nothing when
 * the row is there, and the primary key stops a second one in a race.
 */
@Component
class DeliveryOutbox {

    private static final String COLUMNS = "d.webhook_id, d.event_id, d.event_type, d.aggregate_id, d.sequence_number,"
            + " d.occurred_at, d.payload_type, d.payload_revision, d.payload, d.status, d.attempts, d.give_up_at,"
            + " d.last_attempt_at, d.response_status";

    private final JdbcTemplate jdbc;

    DeliveryOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the delivery, due now, unless it is recorded already or its webhook is gone. */
    void record(Delivery delivery, Instant now) {
        jdbc.update("insert into webhook_delivery (webhook_id, event_id, event_type, aggregate_id, sequence_number,"
                        + " occurred_at, payload_type, payload_revision, payload, status, attempts, recorded_at,"
                        + " next_attempt_at, give_up_at)"
                        + " select webhook_id, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ? from webhook w"
                        + " where w.webhook_id = ? and not exists"
                        + " (select 1 from webhook_delivery d where d.webhook_id = w.webhook_id and d.event_id = ?)",
                delivery.eventId(), delivery.eventType(), delivery.aggregateId(), delivery.sequence(),
                utc(delivery.occurredAt()), delivery.payloadType(), delivery.payloadRevision(), delivery.payload(),
                utc(now), utc(now), utc(delivery.giveUpAt()), delivery.webhookId(), delivery.eventId());
    }

    /**
     * Deliveries due by now that may go: pending, and with no earlier event of the same aggregate
     * still pending for the same webhook (a failing delivery holds the later ones back). Oldest due first.
     */
    List<Delivery> due(Instant now, int limit) {
        return jdbc.query("select " + COLUMNS + " from webhook_delivery d join webhook w on w.webhook_id = d.webhook_id"
                        + " where d.status = 'PENDING' and d.next_attempt_at <= ? and not exists"
                        + " (select 1 from webhook_delivery e where e.webhook_id = d.webhook_id"
                        + " and e.aggregate_id = d.aggregate_id and e.status = 'PENDING'"
                        + " and e.sequence_number < d.sequence_number)"
                        + " order by d.next_attempt_at, d.sequence_number fetch first " + limit + " rows only",
                DeliveryOutbox::row, utc(now));
    }

    void delivered(Delivery delivery, Instant at, int responseStatus) {
        jdbc.update("update webhook_delivery set status = 'DELIVERED', attempts = attempts + 1, last_attempt_at = ?,"
                        + " response_status = ? where webhook_id = ? and event_id = ? and status = 'PENDING'",
                utc(at), responseStatus, delivery.webhookId(), delivery.eventId());
    }

    /** Counts a failed attempt; the delivery goes again at {@code next}, or is given up when that is null. */
    void attemptFailed(Delivery delivery, Instant at, Integer responseStatus, Instant next) {
        jdbc.update("update webhook_delivery set status = ?, attempts = attempts + 1, last_attempt_at = ?,"
                        + " response_status = ?, next_attempt_at = ? where webhook_id = ? and event_id = ?"
                        + " and status = 'PENDING'",
                next == null ? Delivery.Status.FAILED.name() : Delivery.Status.PENDING.name(), utc(at),
                responseStatus, utc(next == null ? at : next), delivery.webhookId(), delivery.eventId());
    }

    /** The webhook's deliveries, newest first. */
    List<Delivery> of(String webhookId, int limit) {
        return jdbc.query("select " + COLUMNS + " from webhook_delivery d where d.webhook_id = ?"
                        + " order by d.recorded_at desc, d.occurred_at desc, d.sequence_number desc"
                        + " fetch first " + limit + " rows only",
                DeliveryOutbox::row, webhookId);
    }

    private static Delivery row(ResultSet rs, int number) throws SQLException {
        long sequence = rs.getLong(5);
        Long maybeSequence = rs.wasNull() ? null : sequence;
        int status = rs.getInt(14);
        Integer responseStatus = rs.wasNull() ? null : status;
        OffsetDateTime lastAttempt = rs.getObject(13, OffsetDateTime.class);
        return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), maybeSequence,
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7), rs.getString(8), rs.getBytes(9),
                Delivery.Status.valueOf(rs.getString(10)), rs.getInt(11),
                rs.getObject(12, OffsetDateTime.class).toInstant(), lastAttempt == null ? null : lastAttempt.toInstant(),
                responseStatus);
    }
}
