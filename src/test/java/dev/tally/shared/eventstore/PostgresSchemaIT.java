package dev.tally.shared.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.tally.TallyApplication;
import dev.tally.support.EmbeddedPostgresDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tally on PostgreSQL starts (Flyway's postgresql scripts, Hibernate validating Axon's entities
 * against them) and keeps every binary column as {@code bytea}: no {@code oid} large objects.
 */
class PostgresSchemaIT {

    @Test
    void the_schema_has_bytea_and_no_oid_columns_and_a_sequence_for_the_global_index() {
        String url = EmbeddedPostgresDatabases.newDatabase();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TallyApplication.class)
                .profiles("demo", "postgres")
                .run("--server.port=0", "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres")) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

            assertThat(jdbc.queryForList("""
                    select table_name || '.' || column_name as col from information_schema.columns
                    where table_schema = 'public' and data_type = 'oid'""", String.class)).isEmpty();

            List<Map<String, Object>> binary = jdbc.queryForList("""
                    select table_name, column_name from information_schema.columns
                    where table_schema = 'public' and data_type = 'bytea' order by table_name, column_name""");
            assertThat(binary).extracting(column -> column.get("table_name") + "." + column.get("column_name"))
                    .contains("domain_event_entry.payload", "domain_event_entry.meta_data",
                            "snapshot_event_entry.payload", "token_entry.token", "saga_entry.serialized_saga",
                            "dead_letter_entry.payload", "scheduled_tasks.task_data");

            assertThat(jdbc.queryForObject("select count(*) from information_schema.sequences"
                    + " where sequence_name = 'domain_event_entry_seq'", Integer.class)).isEqualTo(1);
            assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'domain_event_entry'",
                    String.class)).contains("uk_domain_event_aggregate_sequence", "uk_domain_event_identifier");
        }
    }
}
