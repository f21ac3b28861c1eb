package dev.tally.shared.eventstore;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One set of scripts for H2 and PostgreSQL, and databases migrated by the former per-database scripts. */
class SchemaMigrationsTest {

    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;
    private Flyway flyway;

    @BeforeEach
    void emptyDatabase() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        flyway = SchemaMigrations.flyway(dataSource);
    }

    private int checksumOf(String version) {
        return jdbc.queryForObject("select \"checksum\" from \"flyway_schema_history\" where \"version\" = ?",
                Integer.class, version);
    }

    @Test
    void the_shared_scripts_have_the_checksums_the_realignment_moves_to() {
        flyway.migrate();

        for (SchemaMigrations.ReplacedScript script : SchemaMigrations.REPLACED) {
            assertThat(checksumOf(script.version())).as("V%s", script.version()).isEqualTo(script.checksum());
        }
    }

    @Test
    void binary_columns_are_blobs_on_h2() {
        flyway.migrate();

        assertThat(jdbc.queryForObject("""
                select data_type from information_schema.columns
                where table_name = 'DOMAIN_EVENT_ENTRY' and column_name = 'PAYLOAD'""", String.class))
                .isEqualTo("BINARY LARGE OBJECT");
    }

    @Test
    void a_database_migrated_by_the_former_scripts_validates_after_the_realignment() {
        flyway.migrate();
        // as the former h2/V1 and postgresql/V3 scripts recorded them
        jdbc.update("update \"flyway_schema_history\" set \"checksum\" = -2114101239 where \"version\" = '1'");
        jdbc.update("update \"flyway_schema_history\" set \"checksum\" = 1905617984 where \"version\" = '3'");
        assertThat(flyway.validateWithResult().validationSuccessful).as("before the realignment").isFalse();

        SchemaMigrations.realignReplacedScripts(flyway);

        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(checksumOf("1")).isEqualTo(292236530);
    }

    @Test
    void any_other_change_of_a_script_still_fails_the_validation() {
        flyway.migrate();
        jdbc.update("update \"flyway_schema_history\" set \"checksum\" = 12345 where \"version\" = '1'");

        SchemaMigrations.realignReplacedScripts(flyway);

        assertThat(checksumOf("1")).isEqualTo(12345);
        assertThat(flyway.validateWithResult().validationSuccessful).isFalse();
    }

    @Test
    void an_empty_database_has_nothing_to_realign() {
        SchemaMigrations.realignReplacedScripts(flyway);

        flyway.migrate();
        assertThat(checksumOf("1")).isEqualTo(292236530);
    }
}
