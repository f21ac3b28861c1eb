package dev.tally.privacy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.tally.support.StandaloneApp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forgetting a customer, end to end: the event store never holds their name in clear nor their
 * login, and after "forget me" their name is unreadable everywhere (read model, temporal query,
 * replay) while the money and the history stay; nothing in the whole database names them any more,
 * and a key table restored from a backup does not bring them back. On an application of its own
 * (a fresh database per test), because it forgets demo users.
 */
class ForgetMeIT {

    private final StandaloneApp tally = new StandaloneApp();
    private ConfigurableApplicationContext app;
    private JdbcTemplate jdbc;
    private RestTestClient alice;
    private RestTestClient bob;
    private RestTestClient admin;

    @BeforeEach
    void start() {
        connect(tally.start());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private void connect(ConfigurableApplicationContext started) {
        app = started;
        jdbc = app.getBean(JdbcTemplate.class);
        alice = StandaloneApp.alice(app);
        bob = StandaloneApp.as(app, "bob", "bob-pw");
        admin = StandaloneApp.as(app, "admin", "admin-pw");
    }

    @Test
    void forgetting_a_customer_makes_their_name_unreadable_everywhere_and_keeps_their_money() {
        String alices = open(alice, "Alice Liddell");
        post(alice, "/api/accounts/" + alices + "/deposits", "{\"amount\": \"100.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
        post(alice, "/api/accounts/" + alices + "/withdrawals", "{\"amount\": \"30.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
        String bobs = open(bob, "Bob Builder");

        assertThat(storedPayloads()).noneMatch(payload -> payload.contains("Alice Liddell") || payload.contains("Bob Builder"));
        eventually(() -> assertThat(account(alice, alices).get("holderName")).isEqualTo("Alice Liddell"));

        alice.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isForbidden();
        long events = count("select count(*) from domain_event_entry");
        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();

        eventually(() -> assertThat(account(admin, alices))
                .containsEntry("holderName", PersonalData.FORGOTTEN)
                .containsEntry("balance", "70.00")
                .containsEntry("version", 2));
        assertThat(history(admin, alices, 1)).containsEntry("holderName", PersonalData.FORGOTTEN)
                .containsEntry("balance", "100.00");
        assertThat(account(bob, bobs).get("holderName")).isEqualTo("Bob Builder");
        // nothing was deleted from the event store; the forgetting is one more event
        assertThat(count("select count(*) from domain_event_entry where aggregate_identifier = '" + alices + "'"))
                .isEqualTo(3);
        assertThat(count("select count(*) from domain_event_entry")).isEqualTo(events + 1);

        // the link from her login to her accounts is gone: logging in again, she is a new customer
        alice.get().uri("/api/accounts/{id}", alices).exchange().expectStatus().isNotFound();
        String again = open(alice, "Alice Again");
        eventually(() -> assertThat(account(alice, again).get("holderName")).isEqualTo("Alice Again"));

        // a replay rebuilds the read model from the events alone: the name stays forgotten
        admin.post().uri("/api/admin/processors/account-summary/replay").exchange().expectStatus().isAccepted();
        eventually(() -> {
            assertThat(account(admin, alices)).containsEntry("holderName", PersonalData.FORGOTTEN)
                    .containsEntry("balance", "70.00");
            assertThat(account(alice, again).get("holderName")).isEqualTo("Alice Again");
            assertThat(account(bob, bobs).get("holderName")).isEqualTo("Bob Builder");
        });

        // forgetting twice is harmless (and forgets the new alice, who is someone else by now)
        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();
        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();
    }

    @Test
    void after_forgetting_no_column_of_any_table_names_the_customer_or_their_login() throws Exception {
        String alices = open(alice, "Alice Liddell");
        post(alice, "/api/accounts/" + alices + "/deposits", "{\"amount\": \"50.00\", \"currency\": \"EUR\"}")
                .expectStatus().isOk();
        String cart = (String) post(alice, "/api/orders", "{\"currency\": \"EUR\"}").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("orderId");
        post(alice, "/api/orders/" + cart + "/items", """
                {"productId": "book", "quantity": 1, "unitPrice": "10.00"}""").expectStatus().isOk();
        alice.post().uri("/api/products/book/views").exchange().expectStatus().isAccepted();
        alice.post().uri("/api/payments").header("Idempotency-Key", "dump-1")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"accountId\": \"" + alices + "\", \"amount\": \"5.00\", \"currency\": \"EUR\"}")
                .exchange().expectStatus().isCreated();
        eventually(() -> assertThat(account(alice, alices).get("balance")).isEqualTo("45.00"));
        // before the forgetting, the scan finds her login (the link) and her name (the read model's copy)
        assertThat(mentions("alice")).containsExactlyInAnyOrder("CUSTOMER_PSEUDONYM.LOGIN", "ACCOUNT_SUMMARY.HOLDER_NAME");
        // events, their metadata and the read models name her by her pseudonym (and the scan reads binary columns)
        String subject = jdbc.queryForObject("select subject from customer_pseudonym where login = 'alice'", String.class);
        assertThat(mentions(subject)).contains("DOMAIN_EVENT_ENTRY.PAYLOAD", "DOMAIN_EVENT_ENTRY.META_DATA",
                "ACCOUNT_SUMMARY.OWNER", "ORDER_SUMMARY.OWNER", "PAYMENT_SUMMARY.PAYER", "PERSONAL_DATA_KEY.SUBJECT");

        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();
        eventually(() -> assertThat(account(admin, alices).get("holderName")).isEqualTo(PersonalData.FORGOTTEN));

        assertThat(mentions("alice")).isEmpty();
        assertThat(mentions("Alice Liddell")).isEmpty();
    }

    @Test
    void a_key_table_restored_from_a_backup_does_not_bring_a_forgotten_customer_back() {
        String alices = open(alice, "Alice Liddell");
        eventually(() -> assertThat(account(alice, alices).get("holderName")).isEqualTo("Alice Liddell"));
        List<Map<String, Object>> keysBackup = jdbc.queryForList("select * from personal_data_key");
        List<Map<String, Object>> linksBackup = jdbc.queryForList("select * from customer_pseudonym");

        admin.delete().uri("/api/admin/customers/alice/personal-data").exchange().expectStatus().isNoContent();
        app.close();
        // the operator restores the keys and the links from the backup, not the event store
        JdbcTemplate stopped = restore(keysBackup, linksBackup);
        assertThat(stopped.queryForObject("select count(*) from personal_data_key", Long.class))
                .isEqualTo(keysBackup.size());

        connect(tally.start());

        assertThat(count("select count(*) from personal_data_key")).isZero();
        assertThat(count("select count(*) from customer_pseudonym where login = 'alice'")).isZero();
        assertThat(history(admin, alices, 0)).containsEntry("holderName", PersonalData.FORGOTTEN);
        alice.get().uri("/api/accounts/{id}", alices).exchange().expectStatus().isNotFound();
    }

    @Test
    void only_an_operator_may_forget_and_only_a_plausible_username() {
        bob.delete().uri("/api/admin/customers/bob/personal-data").exchange().expectStatus().isForbidden();
        StandaloneApp.as(app, "bob", "wrong").delete().uri("/api/admin/customers/bob/personal-data").exchange()
                .expectStatus().isUnauthorized();
        admin.delete().uri("/api/admin/customers/{name}/personal-data", "x".repeat(101)).exchange()
                .expectStatus().isBadRequest();
    }

    /**
     * Every table and column whose value holds the text (case-insensitive), as {@code TABLE.COLUMN}:
     * text columns as they are, binary ones (event payloads, metadata, snapshots, sagas, tokens,
     * dead letters, deadlines) decoded as UTF-8, like a dump read by someone looking for a name.
     */
    private List<String> mentions(String text) throws SQLException {
        String wanted = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        try (Connection connection = app.getBean(DataSource.class).getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metaData.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = connection.createStatement().executeQuery("select * from \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            Object value = rows.getObject(column);
                            String readable = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                                    : rows.getString(column);
                            String name = (table + "." + rows.getMetaData().getColumnName(column)).toUpperCase(Locale.ROOT);
                            if (readable != null && readable.toLowerCase(Locale.ROOT).contains(wanted)
                                    && !found.contains(name)) {
                                found.add(name);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Puts the rows back into the database of the stopped application; a connection to it. */
    private JdbcTemplate restore(List<Map<String, Object>> keys, List<Map<String, Object>> links) {
        boolean postgres = tally.jdbcUrl().startsWith("jdbc:postgresql");
        JdbcTemplate database = new JdbcTemplate(new DriverManagerDataSource(tally.jdbcUrl(),
                postgres ? "postgres" : "sa", postgres ? "postgres" : ""));
        keys.forEach(key -> database.update("insert into personal_data_key (key_id, subject, kek_id, secret, created_at)"
                + " values (?, ?, ?, ?, ?)", key.get("key_id"), key.get("subject"), key.get("kek_id"), key.get("secret"),
                key.get("created_at")));
        links.stream().filter(link -> "alice".equals(link.get("login"))).forEach(link -> database.update(
                "insert into customer_pseudonym (login, subject, created_at) values (?, ?, ?)",
                link.get("login"), link.get("subject"), link.get("created_at")));
        return database;
    }

    @SuppressWarnings("unchecked")
    private static String open(RestTestClient client, String holderName) {
        Map<String, Object> opened = post(client, "/api/accounts", """
                {"holderName": "%s", "currency": "EUR"}""".formatted(holderName))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) opened.get("accountId");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> account(RestTestClient client, String id) {
        return client.get().uri("/api/accounts/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> history(RestTestClient client, String id, int version) {
        return client.get().uri("/api/accounts/{id}/history?atVersion={v}", id, version).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private List<String> storedPayloads() {
        return jdbc.query("select payload from domain_event_entry",
                (row, index) -> new String(row.getBytes("payload"), StandardCharsets.UTF_8));
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion::run);
    }
}
