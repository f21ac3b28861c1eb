package dev.tally.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tally.TallyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The application started and stopped by a test itself, on a data directory of its own, for
 * tests that restart it on the same database.
 */
public final class StandaloneApp {

    private final String dataDir = "./target/it-data/standalone-" + UUID.randomUUID();
    private final List<String> settings;

    /** @param settings extra properties, {@code name=value} */
    public StandaloneApp(String... settings) {
        this.settings = List.of(settings);
    }

    /** Where its H2 database lives, for a test that prepares the database before the first start. */
    public String dataDir() {
        return dataDir;
    }

    public ConfigurableApplicationContext start() {
        // as arguments: builder properties are defaults, which application.yml would override
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--tally.data-dir=" + dataDir));
        settings.forEach(setting -> arguments.add("--" + setting));
        return new SpringApplicationBuilder(TallyApplication.class).run(arguments.toArray(String[]::new));
    }

    public static RestTestClient alice(ConfigurableApplicationContext app) {
        return as(app, "alice", "alice-pw");
    }

    public static RestTestClient as(ConfigurableApplicationContext app, String username, String password) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(username, password))
                .build();
    }

    public static RestTestClient.ResponseSpec post(RestTestClient client, String path, String json) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).exchange();
    }
}
