package dev.tally.privacy;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.shared.axon.StoredJson;
import dev.tally.shared.eventstore.SchemaMigrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Personal data through the event store's JSON mapper: sealed when written, opened when read, gone with its key. */
class PersonalDataModuleTest {

    record Opened(String id, String owner, @PersonalData(subject = "owner") String name) {
    }

    private static final String K1 = "k1:" + randomKey();
    private static final String K2 = "k2:" + randomKey();

    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;
    private PersonalDataVault vault;
    private ObjectMapper mapper;

    @BeforeEach
    void keysInAFreshDatabase() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SchemaMigrations.flyway(database).migrate();
        jdbc = new JdbcTemplate(database);
        transactions = new DataSourceTransactionManager(database);
        vault = vault(K1);
        mapper = StoredJson.mapper().registerModule(new PersonalDataModule(vault));
    }

    @Test
    void the_stored_json_holds_no_personal_data_and_reads_back_plain() throws Exception {
        String json = mapper.writeValueAsString(new Opened("a-1", "alice", "Alice Liddell"));

        assertThat(json).doesNotContain("Alice Liddell").contains("\"owner\":\"alice\"").contains("pii:v1:");
        assertThat(mapper.readValue(json, Opened.class)).isEqualTo(new Opened("a-1", "alice", "Alice Liddell"));
        assertThat(vault.knows("alice")).isTrue();
    }

    @Test
    void the_same_name_twice_is_sealed_differently() throws Exception {
        Opened opened = new Opened("a-1", "alice", "Alice");
        assertThat(mapper.writeValueAsString(opened)).isNotEqualTo(mapper.writeValueAsString(opened));
        assertThat(count("select count(*) from personal_data_key")).isEqualTo(1);
    }

    @Test
    void once_the_key_is_deleted_the_data_reads_as_forgotten_and_the_rest_as_it_was() throws Exception {
        String alices = mapper.writeValueAsString(new Opened("a-1", "alice", "Alice Liddell"));
        String bobs = mapper.writeValueAsString(new Opened("b-1", "bob", "Bob Builder"));

        assertThat(vault.forget("alice")).isTrue();

        assertThat(mapper.readValue(alices, Opened.class)).isEqualTo(new Opened("a-1", "alice", PersonalData.FORGOTTEN));
        assertThat(mapper.readValue(bobs, Opened.class).name()).isEqualTo("Bob Builder");
        assertThat(vault.forget("alice")).isFalse();
    }

    @Test
    void writing_forgotten_data_again_gives_its_customer_no_new_key() throws Exception {
        String stored = mapper.writeValueAsString(new Opened("a-1", "alice", "Alice"));
        vault.forget("alice");

        String again = mapper.writeValueAsString(mapper.readValue(stored, Opened.class));

        assertThat(again).contains("\"name\":\"" + PersonalData.FORGOTTEN + "\"");
        assertThat(vault.knows("alice")).isFalse();
    }

    @Test
    void a_name_stored_before_encryption_reads_as_it_is() throws Exception {
        assertThat(mapper.readValue("{\"id\":\"a-1\",\"owner\":\"alice\",\"name\":\"Alice\"}", Opened.class).name())
                .isEqualTo("Alice");
    }

    @Test
    void a_forgotten_subject_is_a_tombstone_nothing_is_sealed_for_it_again() throws Exception {
        String before = mapper.writeValueAsString(new Opened("a-1", "alice", "Alice"));
        vault.forget("alice");
        String after = mapper.writeValueAsString(new Opened("a-2", "alice", "Alice Again"));

        assertThat(mapper.readValue(before, Opened.class).name()).isEqualTo(PersonalData.FORGOTTEN);
        assertThat(after).doesNotContain("Alice Again").contains("\"name\":\"" + PersonalData.FORGOTTEN + "\"");
        assertThat(vault.knows("alice")).isFalse();
        assertThat(vault.forgot("alice")).isTrue();
        assertThat(vault.forgot("bob")).isFalse();
    }

    @Test
    void a_key_is_stored_wrapped_and_does_not_open_without_the_key_encryption_key() {
        String sealed = vault.seal("alice", "Alice");
        String stored = jdbc.queryForObject("select secret from personal_data_key where subject = 'alice'", String.class);
        assertThat(jdbc.queryForObject("select kek_id from personal_data_key where subject = 'alice'", String.class))
                .isEqualTo("k1");

        // the stored secret is no AES key: used as one it opens nothing
        assertThat(Base64.getDecoder().decode(stored)).hasSizeGreaterThan(32);
        assertThatThrownBy(() -> vault(K2).open(sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("k1");
        assertThat(vault(K1).open(sealed)).isEqualTo("Alice");
    }

    @Test
    void after_a_rotation_old_keys_still_open_until_an_admin_rewraps_them_with_the_new_one() {
        String sealed = vault.seal("alice", "Alice");
        PersonalDataVault rotated = vault(K2, K1);
        String sealedAfter = rotated.seal("bob", "Bob");

        assertThat(rotated.open(sealed)).isEqualTo("Alice");
        assertThat(jdbc.queryForList("select kek_id from personal_data_key order by kek_id", String.class))
                .containsExactly("k1", "k2");

        assertThat(rotated.rewrap()).isEqualTo(1);
        assertThat(rotated.rewrap()).isZero();
        PersonalDataVault onlyTheNewKey = vault(K2);
        assertThat(onlyTheNewKey.open(sealed)).isEqualTo("Alice");
        assertThat(onlyTheNewKey.open(sealedAfter)).isEqualTo("Bob");
    }

    @Test
    void a_key_stored_unwrapped_before_envelopes_is_wrapped_at_start_and_still_opens() {
        byte[] plain = new byte[32];
        new java.security.SecureRandom().nextBytes(plain);
        jdbc.update("insert into personal_data_key (key_id, subject, secret, created_at) values"
                + " ('legacy', 'carol', ?, current_timestamp)", Base64.getEncoder().encodeToString(plain));
        String sealed = vault.seal("carol", "Carol");

        assertThat(vault.wrapUnwrappedKeys()).isEqualTo(1);

        assertThat(jdbc.queryForObject("select kek_id from personal_data_key where key_id = 'legacy'", String.class))
                .isEqualTo("k1");
        assertThat(jdbc.queryForObject("select secret from personal_data_key where key_id = 'legacy'", String.class))
                .isNotEqualTo(Base64.getEncoder().encodeToString(plain));
        assertThat(vault(K1).open(sealed)).isEqualTo("Carol");
    }

    @Test
    void a_sealed_value_only_opens_with_its_own_key() {
        String sealed = vault.seal("alice", "Alice");
        String mallorys = vault.seal("mallory", "Mallory").split(":")[2];
        // the key id is authenticated data: pointing the value at another key does not open it
        String relabelled = sealed.replace(sealed.split(":")[2], mallorys);

        assertThat(vault.open(sealed)).isEqualTo("Alice");
        assertThatThrownBy(() -> vault.open(relabelled)).isInstanceOf(IllegalStateException.class);
    }

    private PersonalDataVault vault(String... keys) {
        return new PersonalDataVault(jdbc, transactions, KeyEncryptionKeys.of(List.of(keys)));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
