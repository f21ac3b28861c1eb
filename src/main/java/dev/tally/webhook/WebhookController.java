package dev.tally.webhook;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import dev.tally.shared.InvalidInput;
import dev.tally.shared.security.Caller;
import dev.tally.webhook.WebhookJson.DeliveryResponse;
import dev.tally.webhook.WebhookJson.RegisterWebhookRequest;
import dev.tally.webhook.WebhookJson.WebhookCreatedResponse;
import dev.tally.webhook.WebhookJson.WebhookResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The webhooks API ("Acting on events" in the API contract): register, list, delete, and the
 * deliveries of one. A webhook is its caller's: another customer gets a 404, an admin may see and
 * delete any.
 */
@Tag(name = "webhooks", description = "Signed pushes of the caller's events to a URL")
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    /** The newest deliveries a listing shows. */
    static final int DELIVERIES_SHOWN = 100;

    private final WebhookRegistry webhooks;
    private final DeliveryOutbox outbox;
    private final Destinations destinations;
    private final EventTypes eventTypes;
    private final Clock clock = Clock.systemUTC();

    WebhookController(WebhookRegistry webhooks, DeliveryOutbox outbox, Destinations destinations, EventTypes eventTypes) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.destinations = destinations;
        this.eventTypes = eventTypes;
    }

    @Operation(summary = "Register a webhook for the caller's events of the listed types (admins: everyone's)")
    @PostMapping
    ResponseEntity<WebhookCreatedResponse> register(@Valid @RequestBody RegisterWebhookRequest request, Caller caller,
                                                    UriComponentsBuilder uri) {
        List<String> types = List.copyOf(new LinkedHashSet<>(request.eventTypes()));
        types.stream().filter(type -> !eventTypes.exists(type)).findFirst().ifPresent(unknown -> {
            throw new InvalidInput("eventTypes", "names an unknown event type: " + unknown);
        });
        String url = destinations.check(request.url()).toString();
        Webhook webhook = new Webhook(UUID.randomUUID().toString(), caller.subject(), caller.admin(), url, types,
                clock.instant());
        String secret = Signatures.newSecret();
        webhooks.register(webhook, secret);
        return ResponseEntity.created(uri.path("/api/webhooks/{id}").buildAndExpand(webhook.webhookId()).toUri())
                .body(new WebhookCreatedResponse(webhook.webhookId(), url, types, secret));
    }

    @Operation(summary = "The caller's webhooks (without their secrets)")
    @GetMapping
    List<WebhookResponse> list(Caller caller) {
        return webhooks.ownedBy(caller.subject()).stream().map(WebhookResponse::of).toList();
    }

    @Operation(summary = "Delete a webhook: nothing more is delivered to it")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, Caller caller) {
        webhooks.delete(readable(id, caller).webhookId());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The webhook's latest deliveries, newest first")
    @GetMapping("/{id}/deliveries")
    List<DeliveryResponse> deliveries(@PathVariable String id, Caller caller) {
        return outbox.of(readable(id, caller).webhookId(), DELIVERIES_SHOWN).stream().map(DeliveryResponse::of).toList();
    }

    private Webhook readable(String id, Caller caller) {
        return webhooks.find(id).filter(webhook -> caller.mayRead(webhook.owner()))
                .orElseThrow(() -> new WebhookNotFound(id));
    }
}
