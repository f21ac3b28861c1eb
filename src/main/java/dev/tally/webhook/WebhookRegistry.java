package dev.tally.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The registered webhooks ({@code webhook}, {@code webhook_event_type}). */
@Component
class WebhookRegistry {

    private static final String COLUMNS = "w.webhook_id, w.owner_subject, w.sees_all, w.url, w.secret, w.created_at, t.event_type";

    private final JdbcTemplate jdbc;

    WebhookRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    void register(Webhook webhook) {
        jdbc.update("insert into webhook (webhook_id, owner_subject, sees_all, url, secret, created_at) values (?, ?, ?, ?, ?, ?)",
                webhook.webhookId(), webhook.owner(), webhook.seesAll(), webhook.url(), webhook.secret(),
                utc(webhook.createdAt()));
        for (String type : webhook.eventTypes()) {
            jdbc.update("insert into webhook_event_type (webhook_id, event_type) values (?, ?)", webhook.webhookId(), type);
        }
    }

    /** The user's webhooks, oldest first. */
    List<Webhook> ownedBy(String owner) {
        return webhooks(jdbc.query("select " + COLUMNS + " from webhook w join webhook_event_type t on t.webhook_id = w.webhook_id"
                + " where w.owner_subject = ? order by w.created_at, w.webhook_id, t.event_type", WebhookRegistry::row, owner));
    }

    Optional<Webhook> find(String webhookId) {
        return webhooks(jdbc.query("select " + COLUMNS + " from webhook w join webhook_event_type t on t.webhook_id = w.webhook_id"
                + " where w.webhook_id = ? order by t.event_type", WebhookRegistry::row, webhookId)).stream().findFirst();
    }

    /** The webhooks that ask for this event type and were registered by the time the event happened. */
    List<Webhook> subscribedTo(String eventType, Instant happenedAt) {
        return webhooks(jdbc.query("select " + COLUMNS + " from webhook w join webhook_event_type t on t.webhook_id = w.webhook_id"
                        + " where t.event_type = ? and w.created_at <= ? order by w.webhook_id",
                WebhookRegistry::row, eventType, utc(happenedAt)));
    }

    /** Removes the webhook and its deliveries: none is sent once this has committed. */
    @Transactional
    void delete(String webhookId) {
        jdbc.update("delete from webhook_delivery where webhook_id = ?", webhookId);
        jdbc.update("delete from webhook_event_type where webhook_id = ?", webhookId);
        jdbc.update("delete from webhook where webhook_id = ?", webhookId);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Row(String webhookId, String owner, boolean seesAll, String url, String secret, Instant createdAt,
                       String eventType) {
    }

    private static Row row(ResultSet rs, int number) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7));
    }

    /** One webhook per id, in the order of the rows, with its event types gathered. */
    private static List<Webhook> webhooks(List<Row> rows) {
        Map<String, List<Row>> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.computeIfAbsent(row.webhookId(), id -> new ArrayList<>()).add(row));
        return byId.values().stream().map(its -> {
            Row first = its.get(0);
            return new Webhook(first.webhookId(), first.owner(), first.seesAll(), first.url(),
                    its.stream().map(Row::eventType).toList(), first.secret(), first.createdAt());
        }).toList();
    }
}
