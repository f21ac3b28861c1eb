package dev.tally.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.kagkarlsson.scheduler.SchedulerState;
import jakarta.annotation.PreDestroy;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the deliveries that are due, run by the db-scheduler task {@code webhook-deliveries} (on one
 * node at a time). Each run sends what is due, in rounds, until nothing more is: a round takes at most
 * one delivery per webhook and aggregate (the earliest pending, {@link DeliveryOutbox#due}), so an
 * aggregate's events reach a webhook in order, and a delivery that fails holds the later ones back
 * until it is delivered or given up. Deliveries of different webhooks or aggregates go in parallel.
 *
 * <p>A 2xx answer delivers; anything else (another status, a 3xx too, no answer within the read
 * timeout, no connection, a destination no longer allowed) is a failed attempt, retried on the
 * {@link RetrySchedule}. Every state is in the outbox table, so a restart (or another node taking the
 * task over) goes on where the last run stopped; at worst a delivery whose answer came just before a
 * crash is sent again, which receivers deduplicate by {@code eventId}.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int ROUND = 100;
    /** A run stops after this long (the next one follows at once), so db-scheduler sees it end now and then. */
    private static final Duration LONGEST_RUN = Duration.ofMinutes(1);

    private final DeliveryOutbox outbox;
    private final WebhookRegistry webhooks;
    private final Destinations destinations;
    private final Serializer serializer;
    private final JsonMapper json;
    private final WebhookSettings settings;
    private final RetrySchedule retries;
    private final ExecutorService senders;
    private final Clock clock = Clock.systemUTC();

    DeliveryWorker(DeliveryOutbox outbox, WebhookRegistry webhooks, Destinations destinations,
                   @Qualifier("eventSerializer") Serializer serializer, JsonMapper json, WebhookSettings settings) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.destinations = destinations;
        this.serializer = serializer;
        this.json = json;
        this.settings = settings;
        this.retries = new RetrySchedule(settings.firstRetry(), () -> ThreadLocalRandom.current().nextDouble());
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.senders(), task -> {
            Thread thread = new Thread(task, "webhook-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends what is due, round after round, until nothing is or the scheduler stops. */
    void sendDue(SchedulerState scheduler) {
        Instant stop = clock.instant().plus(LONGEST_RUN);
        while (!scheduler.isShuttingDown() && clock.instant().isBefore(stop)) {
            List<Delivery> due = outbox.due(clock.instant(), ROUND);
            if (due.isEmpty()) {
                return;
            }
            List<Future<?>> sent = due.stream().<Future<?>>map(delivery -> senders.submit(() -> send(delivery))).toList();
            for (Future<?> each : sent) {
                try {
                    each.get();
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException failure) {
                    log.warn("A webhook delivery could not be recorded", failure.getCause());
                }
            }
        }
    }

    private void send(Delivery delivery) {
        Optional<Webhook> webhook = webhooks.find(delivery.webhookId());
        if (webhook.isEmpty()) {
            return; // deleted since the round began
        }
        Integer status = null;
        try {
            // a secret that does not open (a key-encryption key this node is not given yet) is a failed attempt
            Optional<String> secret = webhooks.signingSecret(delivery.webhookId());
            if (secret.isEmpty()) {
                // its owner's data was forgotten, the secret with it: nothing can be signed for it again
                log.info("Webhook {}: its owner's secret is forgotten, event {} is given up", delivery.webhookId(),
                        delivery.eventId());
                outbox.attemptFailed(delivery, clock.instant(), null, null);
                return;
            }
            status = post(webhook.get(), secret.get(), delivery);
        } catch (IOException | Destinations.Refused unreachable) {
            log.debug("Webhook {} did not take event {}: {}", delivery.webhookId(), delivery.eventId(),
                    unreachable.getMessage());
        } catch (RuntimeException unsendable) {
            // e.g. a payload or a secret that no longer reads: counted as a failed attempt, so that it waits for its
            // retry (and is given up in the end) instead of coming round again at once
            log.warn("Webhook {}: event {} could not be sent", delivery.webhookId(), delivery.eventId(), unsendable);
        }
        Instant now = clock.instant();
        if (status != null && status >= 200 && status < 300) {
            outbox.delivered(delivery, now, status);
        } else {
            outbox.attemptFailed(delivery, now, status,
                    retries.next(delivery.attempts() + 1, now, delivery.giveUpAt()).orElse(null));
        }
    }

    /** One attempt: the status code of the answer. */
    private int post(Webhook webhook, String secret, Delivery delivery) throws IOException, Destinations.Refused {
        URI url = URI.create(webhook.url());
        List<InetAddress> addresses = destinations.addressesOf(url);
        byte[] body = body(delivery);
        long now = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                Signatures.HEADER, Signatures.header(secret, now, body),
                "User-Agent", "Tally-Webhooks");
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                return ReceiverConnection.post(url, address, headers, body, settings.connectTimeout(), settings.readTimeout());
            } catch (java.net.ConnectException refused) {
                last = refused; // the next address of the name may take it
            }
        }
        throw last;
    }

    /** {@code {"eventId", "type", "aggregateId", "sequence", "occurredAt", "data"}}, data as the API writes events. */
    byte[] body(Delivery delivery) {
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(delivery.payload(), byte[].class,
                delivery.payloadType(), delivery.payloadRevision()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", delivery.eventId());
        body.put("type", delivery.eventType());
        body.put("aggregateId", delivery.aggregateId());
        body.put("sequence", delivery.sequence());
        body.put("occurredAt", delivery.occurredAt().toString());
        body.put("data", payload);
        return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }
}
