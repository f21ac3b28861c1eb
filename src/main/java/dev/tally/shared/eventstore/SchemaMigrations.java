package dev.tally.shared.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tally.privacy.LegacySubjects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How Flyway builds Tally's schema on H2 and on PostgreSQL from one set of scripts: the scripts
 * write the placeholder {@code binary} for a binary column, {@code bytea} on PostgreSQL (never
 * {@code oid} large objects) and {@code blob} elsewhere.
 *
 * <p>Until the scripts were one set, V1 and V3 existed once per database, with other checksums.
 * A database migrated by those scripts has the same tables, so before migrating, their recorded
 * checksums are moved to the one script's; any other difference still fails Flyway's validation.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaMigrations {

    /** Where the scripts are. */
    public static final String LOCATION = "classpath:db/migration/common";

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    /** A script that replaced one script per database: the checksums those had, and its own. */
    record ReplacedScript(String version, List<Integer> formerChecksums, int checksum) {
    }

    static final List<ReplacedScript> REPLACED = List.of(
            // h2/ and postgresql/V1__axon_event_store.sql
            new ReplacedScript("1", List.of(-2114101239, 1354265497), 292236530),
            // h2/ and postgresql/V3__scheduled_tasks.sql
            new ReplacedScript("3", List.of(1819209452, 1905617984), 1730773936));

    /** Sets the placeholders of the scripts for the database Flyway migrates. */
    public static FluentConfiguration placeholders(FluentConfiguration configuration) {
        return configuration.placeholders(Map.of("binary", binaryType(configuration.getDataSource())))
                // the migrations that read stored events, which SQL cannot parse
                .javaMigrations(new LegacySubjects());
    }

    /** Flyway as Tally runs it, for tools and tests that migrate a database outside the application. */
    public static Flyway flyway(DataSource dataSource) {
        return placeholders(Flyway.configure().dataSource(dataSource).locations(LOCATION)).load();
    }

    @Bean
    FlywayConfigurationCustomizer binaryColumns() {
        return SchemaMigrations::placeholders;
    }

    @Bean
    FlywayMigrationStrategy migrateAfterReplacedScripts() {
        return flyway -> {
            realignReplacedScripts(flyway);
            flyway.migrate();
        };
    }

    /** Moves the recorded checksums of scripts that were replaced by one script to that script's checksum. */
    static void realignReplacedScripts(Flyway flyway) {
        DataSource dataSource = flyway.getConfiguration().getDataSource();
        String table = flyway.getConfiguration().getTable();
        if (!hasTable(dataSource, table)) {
            return;
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (ReplacedScript script : REPLACED) {
            for (int former : script.formerChecksums()) {
                int moved = jdbc.update("update \"" + table + "\" set \"checksum\" = ? where \"version\" = ?"
                        + " and \"checksum\" = ?", script.checksum(), script.version(), former);
                if (moved > 0) {
                    log.info("Schema version {} was migrated by the former per-database script; its checksum now"
                            + " is the shared script's", script.version());
                }
            }
        }
    }

    private static boolean hasTable(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection();
             var tables = connection.getMetaData().getTables(null, null, table, null)) {
            return tables.next();
        } catch (SQLException unreadable) {
            throw new IllegalStateException("cannot read the database's tables", unreadable);
        }
    }

    private static String binaryType(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL") ? "bytea" : "blob";
        } catch (SQLException unreadable) {
            throw new IllegalStateException("cannot tell which database Flyway migrates", unreadable);
        }
    }
}
