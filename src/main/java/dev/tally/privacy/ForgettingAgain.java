package dev.tally.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.privacy.api.CustomerForgotten;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * At start, before any processor or request reads personal data: every customer the event store
 * says was forgotten is forgotten again (key deleted, tombstone and pseudonym link as after the
 * forgetting), and keys stored unwrapped are wrapped. So a key table restored from a backup taken
 * before a forgetting cannot bring a forgotten customer's key back: the event store, not the key
 * table, is the record of who was forgotten.
 */
@Component
@Lazy(false) // nothing depends on it; it must run even where beans are created lazily
class ForgettingAgain {

    private static final Logger log = LoggerFactory.getLogger(ForgettingAgain.class);
    // the stored payload is the event as JSON; it holds no personal data to open
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final PersonalDataVault vault;
    private final Pseudonyms pseudonyms;

    ForgettingAgain(JdbcTemplate jdbc, PersonalDataVault vault, Pseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.pseudonyms = pseudonyms;
    }

    @PostConstruct
    void forgetAgain() {
        vault.wrapUnwrappedKeys();
        List<Forgetting> forgettings = new ArrayList<>(jdbc.query(
                "select payload, payload_revision, time_stamp from domain_event_entry where payload_type = ?",
                (row, index) -> new Forgetting(subject(row.getBytes("payload")), row.getString("payload_revision"),
                        Instant.parse(row.getString("time_stamp"))), CustomerForgotten.class.getName()));
        jdbc.queryForList("select subject from forgotten_subject", String.class)
                .forEach(subject -> forgettings.add(new Forgetting(subject, "2", Instant.now())));
        int restored = 0;
        for (Forgetting forgetting : forgettings) {
            // each is a no-op unless a restored backup brought something back
            if ("1".equals(forgetting.revision())) {
                restored += vault.forgetKeysMadeBefore(forgetting.subject(), forgetting.at()) ? 1 : 0;
            } else {
                restored += (vault.forget(forgetting.subject()) ? 1 : 0)
                        + (pseudonyms.forgetSubject(forgetting.subject()) ? 1 : 0);
            }
        }
        if (restored > 0) {
            log.warn("Deleted {} keys or login links of forgotten customers that were back in the database"
                    + " (restored from a backup taken before they were forgotten?)", restored);
        }
    }

    /**
     * A forgetting as stored: revision 1 forgot a login's keys of that moment (the login could come
     * back under the same name), revision 2 forgets a subject for good (tombstone, link gone).
     */
    private record Forgetting(String subject, String revision, Instant at) {
    }

    private static String subject(byte[] payload) {
        try {
            return JSON.readTree(payload).path("customer").asText();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("a stored CustomerForgotten is not JSON", unreadable);
        }
    }
}
