package dev.tally.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.privacy.api.CustomerForgotten;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        List<String> forgotten = new ArrayList<>(jdbc.query("select payload from domain_event_entry where payload_type = ?",
                (row, index) -> subject(row.getBytes("payload")), CustomerForgotten.class.getName()));
        forgotten.addAll(jdbc.queryForList("select subject from forgotten_subject", String.class));
        int restored = 0;
        for (String subject : forgotten) {
            // each is a no-op unless a restored backup brought something back
            restored += (vault.forget(subject) ? 1 : 0) + (pseudonyms.forgetSubject(subject) ? 1 : 0);
        }
        if (restored > 0) {
            log.warn("Deleted {} keys or login links of forgotten customers that were back in the database"
                    + " (restored from a backup taken before they were forgotten?)", restored);
        }
    }

    private static String subject(byte[] payload) {
        try {
            return JSON.readTree(payload).path("customer").asText();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("a stored CustomerForgotten is not JSON", unreadable);
        }
    }
}
