package dev.tally.privacy;

import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.shared.axon.StoredJson;
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

    private JdbcTemplate jdbc;
    private PersonalDataVault vault;
    private ObjectMapper mapper;

    @BeforeEach
    void keysInAFreshDatabase() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(database);
        jdbc.execute("""
                create table personal_data_key (key_id varchar(36) not null primary key,
                    subject varchar(100) not null unique, secret varchar(64) not null,
                    created_at timestamp with time zone not null)""");
        vault = new PersonalDataVault(jdbc, new DataSourceTransactionManager(database));
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
    void what_a_forgotten_customer_gives_later_is_readable_and_what_they_gave_before_stays_forgotten()
            throws Exception {
        String before = mapper.writeValueAsString(new Opened("a-1", "alice", "Alice"));
        vault.forget("alice");
        String after = mapper.writeValueAsString(new Opened("a-2", "alice", "Alice Again"));

        assertThat(mapper.readValue(before, Opened.class).name()).isEqualTo(PersonalData.FORGOTTEN);
        assertThat(mapper.readValue(after, Opened.class).name()).isEqualTo("Alice Again");
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

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
