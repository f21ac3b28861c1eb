package dev.tally.support;

import java.util.ArrayList;
import java.util.List;

import dev.tally.TallyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One node of several on one PostgreSQL database: a Spring context of its own in this JVM, with its
 * own web server, connection pool, processors, caches and token-claim node id.
 */
public final class PostgresNode {

    private PostgresNode() {
    }

    /** @param settings extra arguments, {@code --name=value} */
    public static ConfigurableApplicationContext start(String databaseUrl, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(TallyApplication.class)
                .profiles("demo", "postgres")
                .run(arguments.toArray(String[]::new));
    }
}
