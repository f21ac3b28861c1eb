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

import dev.tally.privacy.PersonalData;
import dev.tally.privacy.PersonalDataVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registered webhooks ({@code webhook}, {@code webhook_event_type}).
 *
 * <p>A webhook's signing secret is stored sealed with its owner's data key ({@link PersonalDataVault}),
 * so that a copy of the database cannot sign deliveries its receivers would trust: it opens only with
 * the key-encryption keys, which live outside the database. Forgetting the owner's personal data
 * forgets their secrets too; those webhooks can send nothing again.
 */
@Component
class WebhookRegistry {

    private static final Logger log = LoggerFactory.getLogger(WebhookRegistry.class);

    private static final String COLUMNS = "w.webhook_id, w.owner_subject, w.sees_all, w.url, w.created_at, t.event_type";

    private final JdbcTemplate jdbc;
    private final PersonalDataVault vault;
    private final TransactionTemplate transactions;

    WebhookRegistry(JdbcTemplate jdbc, PersonalDataVault vault, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** Sealed first, outside the transaction: a new data key commits on its own connection. */
    void register(Webhook webhook, String secret) {
        String sealed = vault.seal(webhook.owner(), secret);
        if (!vault.isSealed(sealed)) {
            // the owner's subject was forgotten a moment ago (a legacy login's, still cached on a node)
            throw new OwnerForgotten();
        }
        transactions.executeWithoutResult(status -> insert(webhook, sealed));
    }

    private void insert(Webhook webhook, String sealed) {
        jdbc.update("insert into webhook (webhook_id, owner_subject, sees_all, url, secret, created_at) values (?, ?, ?, ?, ?, ?)",
                webhook.webhookId(), webhook.owner(), webhook.seesAll(), webhook.url(), sealed,
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

    /**
     * Seals the secrets stored plain before they were sealed (V17), once a node is up; on several
     * nodes at once each secret is sealed once, by whichever gets to it first. One that cannot be
     * sealed now stays plain (it still signs) and is tried again at the next start.
     */
    @EventListener(ApplicationReadyEvent.class)
    void sealPlainSecrets() {
        List<Map<String, Object>> plain;
        try {
            plain = jdbc.queryForList("select webhook_id, owner_subject, secret from webhook"
                    + " where secret not like 'pii:%' and secret <> ?", PersonalData.FORGOTTEN);
        } catch (DataAccessException unreadable) {
            log.warn("Plain webhook secrets not sealed at this start", unreadable);
            return;
        }
        for (Map<String, Object> webhook : plain) {
            String secret = (String) webhook.get("secret");
            try {
                String sealed = vault.seal((String) webhook.get("owner_subject"), secret);
                jdbc.update("update webhook set secret = ? where webhook_id = ? and secret = ?", sealed,
                        webhook.get("webhook_id"), secret);
            } catch (RuntimeException notNow) {
                log.warn("The secret of webhook {} is not sealed at this start", webhook.get("webhook_id"), notNow);
            }
        }
    }

    /**
     * The secret that signs the webhook's deliveries; none if the webhook is gone or its owner's data
     * was forgotten. Secrets stored before they were sealed read as they are.
     */
    Optional<String> signingSecret(String webhookId) {
        return jdbc.queryForList("select secret from webhook where webhook_id = ?", String.class, webhookId).stream()
                .map(vault::open).filter(secret -> !PersonalData.FORGOTTEN.equals(secret)).findFirst();
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

    private record Row(String webhookId, String owner, boolean seesAll, String url, Instant createdAt,
                       String eventType) {
    }

    private static Row row(ResultSet rs, int number) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6));
    }

    /** One webhook per id, in the order of the rows, with its event types gathered. */
    private static List<Webhook> webhooks(List<Row> rows) {
        Map<String, List<Row>> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.computeIfAbsent(row.webhookId(), id -> new ArrayList<>()).add(row));
        return byId.values().stream().map(its -> {
            Row first = its.get(0);
            return new Webhook(first.webhookId(), first.owner(), first.seesAll(), first.url(),
                    its.stream().map(Row::eventType).toList(), first.createdAt());
        }).toList();
    }
}
