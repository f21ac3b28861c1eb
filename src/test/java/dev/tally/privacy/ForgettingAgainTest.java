package dev.tally.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.tally.privacy.api.CustomerForgotten;
import dev.tally.shared.eventstore.SchemaMigrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What a start does with the forgettings the event store records: those of today (revision 2)
 * forget their subject for good again, whatever a restored backup put back; those of before
 * pseudonyms (revision 1) delete only the keys that existed then, because such a login could come
 * back under the same name and what they gave later is theirs.
 */
class ForgettingAgainTest {

    private static final Instant FORGOTTEN_AT = Instant.parse("2026-06-01T00:00:00Z");

    private JdbcTemplate jdbc;
    private PersonalDataVault vault;
    private ForgettingAgain start;
    private long globalIndex;

    @BeforeEach
    void freshDatabase() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SchemaMigrations.flyway(database).migrate();
        jdbc = new JdbcTemplate(database);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(database);
        vault = new PersonalDataVault(jdbc, transactions,
                KeyEncryptionKeys.of(List.of("k1:" + Base64.getEncoder().encodeToString(new byte[32]))));
        start = new ForgettingAgain(jdbc, vault, new Pseudonyms(jdbc, transactions));
    }

    @Test
    void a_forgotten_subject_whose_key_and_link_a_backup_brought_back_is_forgotten_again() {
        vault.seal("subject-1", "Alice");
        link("alice", "subject-1");
        forgotten("subject-1", "2");

        start.forgetAgain();

        assertThat(vault.knows("subject-1")).isFalse();
        assertThat(vault.forgot("subject-1")).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from customer_pseudonym", Long.class)).isZero();
        assertThat(vault.seal("subject-1", "Alice")).isEqualTo(PersonalData.FORGOTTEN);
    }

    @Test
    void a_login_forgotten_before_pseudonyms_keeps_what_they_gave_after_coming_back() {
        keyMadeAt("carol", FORGOTTEN_AT.plusSeconds(3_600)); // carol came back after being forgotten
        keyMadeAt("dave", FORGOTTEN_AT.minusSeconds(3_600)); // a backup brought dave's old key back
        link("carol", "carol");
        forgotten("carol", "1");
        forgotten("dave", "1");

        start.forgetAgain();

        assertThat(vault.knows("carol")).isTrue();
        assertThat(vault.forgot("carol")).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from customer_pseudonym where login = 'carol'", Long.class))
                .isEqualTo(1);
        assertThat(vault.knows("dave")).isFalse();
    }

    @Test
    void starting_twice_changes_nothing_more() {
        vault.seal("subject-1", "Alice");
        forgotten("subject-1", "2");

        start.forgetAgain();
        start.forgetAgain();

        assertThat(jdbc.queryForObject("select count(*) from forgotten_subject", Long.class)).isEqualTo(1);
    }

    private void link(String login, String subject) {
        jdbc.update("insert into customer_pseudonym (login, subject, created_at) values (?, ?, ?)", login, subject,
                Timestamp.from(FORGOTTEN_AT));
    }

    private void keyMadeAt(String subject, Instant at) {
        vault.seal(subject, "name");
        jdbc.update("update personal_data_key set created_at = ? where subject = ?", Timestamp.from(at), subject);
    }

    private void forgotten(String subject, String revision) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                        insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                            event_identifier, payload_type, payload_revision, time_stamp, payload, meta_data)
                        values (?, ?, 0, null, ?, ?, ?, ?, ?, ?)""",
                ++globalIndex, id, id, CustomerForgotten.class.getName(), revision, FORGOTTEN_AT.toString(),
                ("{\"customer\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8),
                "{\"username\":\"admin\"}".getBytes(StandardCharsets.UTF_8));
    }
}
