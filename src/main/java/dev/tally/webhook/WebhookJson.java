package dev.tally.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The JSON that the webhooks API takes and gives, as the API contract spells it. */
final class WebhookJson {

    static final int MAX_EVENT_TYPES = 100;

    private WebhookJson() {
    }

    record RegisterWebhookRequest(@NotNull @Size(max = Destinations.MAX_URL_LENGTH) String url,
                                  @NotEmpty @Size(max = MAX_EVENT_TYPES) List<@NotNull String> eventTypes) {
    }

    /** The answer to a registration: the only place the secret is ever shown. */
    record WebhookCreatedResponse(String webhookId, String url, List<String> eventTypes, String secret) {
    }

    /** A webhook as listed: no secret. */
    record WebhookResponse(String webhookId, String url, List<String> eventTypes, Instant createdAt) {
        static WebhookResponse of(Webhook webhook) {
            return new WebhookResponse(webhook.webhookId(), webhook.url(), webhook.eventTypes(), webhook.createdAt());
        }
    }

    record DeliveryResponse(String eventId, String type, Delivery.Status status, int attempts, Instant lastAttemptAt,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer responseStatus) {
        static DeliveryResponse of(Delivery delivery) {
            return new DeliveryResponse(delivery.eventId(), delivery.eventType(), delivery.status(),
                    delivery.attempts(), delivery.lastAttemptAt(), delivery.responseStatus());
        }
    }
}
