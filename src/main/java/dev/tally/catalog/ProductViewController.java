package dev.tally.catalog;

import java.util.Map;

import dev.tally.catalog.api.ProductViewed;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Records product views. There is no rule to decide, so no aggregate: the view is a fact that
 * goes straight onto the event bus (and so into the event store, replayable like every event).
 */
@Tag(name = "products", description = "Product views, for the analytics")
@RestController
class ProductViewController {

    private final EventGateway events;

    ProductViewController(EventGateway events) {
        this.events = events;
    }

    @Operation(summary = "Record that the caller looked at a product")
    @PostMapping("/api/products/{productId}/views")
    ResponseEntity<Void> viewed(@PathVariable @NotBlank @Size(max = 64) @PlainText String productId, Caller caller) {
        // the viewer is also the event's user, as on events of commands: the event feed goes by it
        events.publish(GenericEventMessage.asEventMessage(new ProductViewed(productId, caller.subject()))
                .andMetaData(Map.of(TallyMetaData.USERNAME, caller.subject())));
        return ResponseEntity.accepted().build();
    }
}
