package dev.tally.publishing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.tally.shared.tracing.TraceHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every stored event to Kafka, for other services: topic {@code tally.kafka.topic}
 * ({@code tally.events}), key = aggregate id (so a partition keeps an aggregate's events in order),
 * value = the payload JSON as stored, headers with event id, type, revision, aggregate type,
 * sequence number and timestamp, and the trace of the request that stored the event
 * ({@code traceparent}, {@link TraceHeaders}).
 *
 * <p>It is a tracking processor of its own: its token is stored with the events, and it moves only
 * after Kafka acknowledged the send, so consumers get every event at least once, in order per
 * aggregate, across restarts. A failed send fails the event and the processor retries it (see
 * {@link KafkaPublishing}). It never publishes again on a replay. Off unless
 * {@code tally.kafka.enabled=true}.
 */
@Component
@ConditionalOnProperty(name = "tally.kafka.enabled", havingValue = "true")
@ProcessingGroup(KafkaPublisher.PROCESSING_GROUP)
class KafkaPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final KafkaTemplate<String, String> kafka;
    private final Serializer serializer;
    private final String topic;
    private final TraceHeaders traces;

    KafkaPublisher(KafkaTemplate<String, String> kafka, @Qualifier("eventSerializer") Serializer serializer,
                   @Value("${tally.kafka.topic:tally.events}") String topic, TraceHeaders traces) {
        this.kafka = kafka;
        this.serializer = serializer;
        this.topic = topic;
        this.traces = traces;
    }

    @EventHandler
    @DisallowReplay
    void publish(EventMessage<?> event) throws Exception {
        SerializedObject<byte[]> payload = serializer.serialize(event.getPayload(), byte[].class);
        boolean inAggregate = event instanceof DomainEventMessage<?>;
        DomainEventMessage<?> domain = inAggregate ? (DomainEventMessage<?>) event : null;
        String key = inAggregate ? domain.getAggregateIdentifier() : event.getIdentifier();
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key,
                new String(payload.getData(), StandardCharsets.UTF_8));
        Headers headers = record.headers();
        header(headers, "tally-event-id", event.getIdentifier());
        header(headers, "tally-event-type", payload.getType().getName());
        header(headers, "tally-event-revision", payload.getType().getRevision());
        header(headers, "tally-timestamp", event.getTimestamp().toString());
        if (inAggregate) {
            header(headers, "tally-aggregate-type", domain.getType());
            header(headers, "tally-sequence", Long.toString(domain.getSequenceNumber()));
        }
        // this handler's span continues the event's trace: the consumer's work joins it
        traces.inject((name, value) -> header(headers, name, value));
        kafka.send(record).get(30, TimeUnit.SECONDS);
    }

    private static void header(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
