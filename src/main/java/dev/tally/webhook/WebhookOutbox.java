package dev.tally.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The streaming processor {@code webhook-outbox}: for each stored event, records a delivery for every
 * webhook that asks for its type, was registered by the time it happened, and receives its owner's
 * events ({@link EventOwners}; an admin's webhook receives everyone's). It only records; the worker
 * ({@link DeliveryWorker}) sends. Its token and the rows it records commit together, so an event is
 * recorded at least once, and the outbox's key makes it exactly once: a replay of this processor
 * (allowed, e.g. from the admin API) finds every delivery recorded and sends nothing again.
 */
@Component
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
class WebhookOutbox {

    static final String PROCESSING_GROUP = "webhook-outbox";

    private final WebhookRegistry webhooks;
    private final DeliveryOutbox outbox;
    private final EventOwners owners;
    private final Serializer serializer;
    private final WebhookSettings settings;
    private final Clock clock;

    WebhookOutbox(WebhookRegistry webhooks, DeliveryOutbox outbox, EventOwners owners,
                  @Qualifier("eventSerializer") Serializer serializer, WebhookSettings settings) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.owners = owners;
        this.serializer = serializer;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    @EventHandler
    void record(EventMessage<?> event) {
        List<Webhook> subscribed = webhooks.subscribedTo(event.getPayloadType().getSimpleName(), event.getTimestamp());
        if (subscribed.isEmpty()) {
            return; // the common case: no owner lookup, no serializing
        }
        Optional<String> owner = owners.ownerOf(event);
        List<Webhook> receiving = subscribed.stream()
                .filter(webhook -> webhook.seesAll() || owner.filter(webhook::receivesEventsOf).isPresent())
                .toList();
        if (receiving.isEmpty()) {
            return;
        }
        // as the event store keeps it: personal data stays sealed in the outbox, and a customer who is
        // forgotten before a delivery goes reads as forgotten in it
        SerializedObject<byte[]> payload = serializer.serialize(event.getPayload(), byte[].class);
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> inAggregate ? inAggregate : null;
        Instant now = clock.instant();
        for (Webhook webhook : receiving) {
            outbox.record(new Delivery(webhook.webhookId(), event.getIdentifier(), event.getPayloadType().getSimpleName(),
                    domain == null ? null : domain.getAggregateIdentifier(),
                    domain == null ? null : domain.getSequenceNumber(), event.getTimestamp(),
                    payload.getType().getName(), payload.getType().getRevision(), payload.getData(),
                    Delivery.Status.PENDING, 0, now.plus(settings.giveUpAfter()), null, null), now);
        }
    }
}
