package dev.tally.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A Kafka broker that is away puts the publisher in error, on every node at once: health names it
 * as degraded but stays UP, and the node stays ready, so a load balancer keeps the nodes that still
 * serve (issue: a DOWN here dropped them all).
 */
class EventProcessingHealthIT {

    private final StandaloneApp tally = new StandaloneApp(
            "tally.kafka.enabled=true",
            // nothing listens there; a send gives up after half a second instead of a minute
            "spring.kafka.bootstrap-servers=localhost:9",
            "spring.kafka.producer.properties.max.block.ms=500");

    @Test
    @SuppressWarnings("unchecked")
    void a_publisher_in_error_degrades_health_without_taking_the_node_down() {
        try (ConfigurableApplicationContext app = tally.start()) {
            StandaloneApp.openAccount(StandaloneApp.alice(app));
            RestTestClient admin = StandaloneApp.as(app, "admin", "admin-pw");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Object> health = admin.get().uri("/actuator/health").exchange()
                        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
                Map<String, Object> processing = (Map<String, Object>) ((Map<String, Object>) health.get("components"))
                        .get("eventProcessing");
                assertThat(health.get("status")).isEqualTo("UP");
                assertThat(processing.get("status")).isEqualTo("UP");
                assertThat((List<String>) ((Map<String, Object>) processing.get("details")).get("degraded"))
                        .containsExactly("kafka-publisher");
            });
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            // as a load balancer asks: without credentials
            RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                    .get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
            // and the API goes on serving
            StandaloneApp.openAccount(StandaloneApp.alice(app));
        }
    }
}
