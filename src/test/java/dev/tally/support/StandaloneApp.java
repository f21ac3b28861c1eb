package dev.tally.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tally.TallyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The application started and stopped by a test itself, on a database of its own
 * ({@link TestDatabase}), for tests that restart it on the same database.
 */
public final class StandaloneApp {

    private final List<String> database = TestDatabase.newDatabase();
    private final List<String> settings;
    private Class<?>[] sources = new Class<?>[0];

    /** @param settings extra properties, {@code name=value} */
    public StandaloneApp(String... settings) {
        this.settings = List.of(settings);
    }

    /** Adds configuration of the test's own to every start (beans Tally does not have). */
    public StandaloneApp with(Class<?>... configurations) {
        this.sources = configurations;
        return this;
    }

    /** Its database (the same at every start), for a test that prepares it before the first start. */
    public String jdbcUrl() {
        return database.stream()
                .filter(setting -> setting.startsWith("spring.datasource.url="))
                .map(setting -> setting.substring("spring.datasource.url=".length()))
                .findFirst()
                .orElseGet(() -> "jdbc:h2:file:" + database.get(0).substring("tally.data-dir=".length())
                        + "/tally;DB_CLOSE_ON_EXIT=FALSE");
    }

    /** @param moreSettings properties for this start only, {@code name=value} */
    public ConfigurableApplicationContext start(String... moreSettings) {
        // as arguments: builder properties are defaults, which application.yml would override
        List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
        database.forEach(setting -> arguments.add("--" + setting));
        settings.forEach(setting -> arguments.add("--" + setting));
        List.of(moreSettings).forEach(setting -> arguments.add("--" + setting));
        return new SpringApplicationBuilder(TallyApplication.class).sources(sources).run(arguments.toArray(String[]::new));
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

    /** Opens a EUR account as the client's user; its id. */
    @SuppressWarnings("unchecked")
    public static String openAccount(RestTestClient client) {
        Map<String, Object> opened = post(client, "/api/accounts", "{\"holderName\": \"Alice\", \"currency\": \"EUR\"}")
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) opened.get("accountId");
    }
}
