package dev.tally.support;

import java.util.List;
import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Which database the integration tests run on: H2 files under {@code target/it-data} by default;
 * a database of the embedded PostgreSQL server when the {@code postgres} profile is active
 * ({@code -Dspring.profiles.active=demo,postgres}, as the pom's {@code postgres} failsafe execution
 * runs the contract tests a second time). Each application gets a database of its own.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** For the shared Spring test contexts of {@link ApiTest}. */
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(newDatabase()).applyTo(context);
    }

    public static boolean isPostgres() {
        return List.of(System.getProperty("spring.profiles.active", "").split(",")).contains("postgres");
    }

    /** The settings (name=value) that point an application at a new, empty database. */
    public static List<String> newDatabase() {
        if (isPostgres()) {
            return List.of("spring.datasource.url=" + EmbeddedPostgresDatabases.newDatabase(),
                    "spring.datasource.username=postgres", "spring.datasource.password=postgres");
        }
        return List.of("tally.data-dir=./target/it-data/" + UUID.randomUUID());
    }
}
