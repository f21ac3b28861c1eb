package dev.tally.publishing;

import static dev.tally.support.KafkaTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.support.KafkaTopics;
import dev.tally.support.StandaloneApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Events of a flow arrive on the Kafka topic (spring-kafka-test's embedded KRaft broker), in order
 * per aggregate, with type and revision in headers; a restart of the publisher loses none.
 */
class KafkaPublisherIT {

    private static final String TOPIC = "tally.events";
    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    private final StandaloneApp tally = new StandaloneApp(
            "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString());
    private static final String PUBLISHING = "tally.kafka.enabled=true";
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    private KafkaConsumer<String, String> consumer() {
        return KafkaTopics.readFromTheStart(broker.getBrokersAsString(), TOPIC);
    }


    private static void deposit(RestTestClient alice, String accountId, String amount) {
        StandaloneApp.post(alice, "/api/accounts/" + accountId + "/deposits",
                "{\"amount\": \"" + amount + "\", \"currency\": \"EUR\"}").expectStatus().isOk();
    }

    /** The trace id of the first W3C traceparent in the text, or null. */
    private static String traceIdIn(String text) {
        Matcher traceparent = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}").matcher(
                text == null ? "" : text);
        return traceparent.find() ? traceparent.group(1) : null;
    }

    private void receiveAll(KafkaConsumer<String, String> consumer, JdbcTemplate jdbc) {
        List<String> stored = jdbc.queryForList("select event_identifier from domain_event_entry", String.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            assertThat(received).extracting(record -> header(record, "tally-event-id")).containsAll(stored);
        });
    }

    @Test
    void every_stored_event_is_published_in_order_per_aggregate_and_a_restart_loses_none() {
        String first;
        String second;
        String openedTrace;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            try (ConfigurableApplicationContext app = tally.start(PUBLISHING)) {
                RestTestClient alice = StandaloneApp.alice(app);
                first = StandaloneApp.openAccount(alice);
                second = StandaloneApp.openAccount(alice);
                for (int i = 1; i <= 5; i++) {
                    deposit(alice, first, i + ".00");
                    deposit(alice, second, i + ".50");
                }
                StandaloneApp.post(alice, "/api/products/book-42/views", "").expectStatus().isAccepted();
                receiveAll(consumer, app.getBean(JdbcTemplate.class));
                openedTrace = traceIdIn(new String(app.getBean(JdbcTemplate.class).queryForObject(
                        "select meta_data from domain_event_entry where aggregate_identifier = ? and sequence_number = 0",
                        byte[].class, first), StandardCharsets.UTF_8));
            }

            // events stored while the publisher is off...
            try (ConfigurableApplicationContext app = tally.start("tally.kafka.enabled=false")) {
                RestTestClient alice = StandaloneApp.alice(app);
                deposit(alice, first, "6.00");
                deposit(alice, second, "6.50");
            }
            // ...are published when it is back, from where its token stopped
            try (ConfigurableApplicationContext app = tally.start(PUBLISHING)) {
                receiveAll(consumer, app.getBean(JdbcTemplate.class));
            }
        }

        ConsumerRecord<String, String> opened = received.stream().filter(record -> first.equals(record.key()))
                .findFirst().orElseThrow();
        assertThat(header(opened, "tally-event-type")).isEqualTo("dev.tally.account.api.AccountOpened");
        assertThat(header(opened, "tally-event-revision")).isEqualTo("2");
        assertThat(header(opened, "tally-aggregate-type")).isEqualTo("Account");
        // the record continues the trace of the request that opened the account
        assertThat(openedTrace).isNotNull();
        assertThat(traceIdIn(header(opened, "traceparent"))).isEqualTo(openedTrace);
        // personal data leaves sealed: only Tally holds the keys
        assertThat(opened.value()).contains("\"holderName\":\"pii:v1:").doesNotContain("Alice");

        // per aggregate, the first time each event arrives is in sequence order (redeliveries may repeat)
        for (String account : List.of(first, second)) {
            Map<String, Long> firstArrival = new LinkedHashMap<>();
            received.stream().filter(record -> account.equals(record.key()))
                    .forEach(record -> firstArrival.putIfAbsent(header(record, "tally-event-id"),
                            Long.parseLong(header(record, "tally-sequence"))));
            assertThat(firstArrival.values()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        }
        assertThat(received).anyMatch(record -> "dev.tally.catalog.api.ProductViewed"
                .equals(header(record, "tally-event-type")));
    }
}
