package dev.tally.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tally.order.OrderJson.AddItemRequest;
import dev.tally.order.OrderJson.CartCreatedResponse;
import dev.tally.order.OrderJson.CheckOutRequest;
import dev.tally.order.OrderJson.CreateCartRequest;
import dev.tally.order.OrderJson.OrderResponse;
import dev.tally.order.OrderJson.OrderStateResponse;
import dev.tally.order.api.AddItem;
import dev.tally.order.api.CancelOrder;
import dev.tally.order.api.CreateCart;
import dev.tally.order.api.FindOrder;
import dev.tally.order.api.OrderState;
import dev.tally.order.api.OrderView;
import dev.tally.order.api.RemoveItem;
import dev.tally.order.api.ShipOrder;
import dev.tally.shared.eventstore.PointInTime;
import dev.tally.shared.eventstore.StoredEvent;
import dev.tally.shared.web.AuditTrailResponse;
import dev.tally.shared.eventstore.AuditTrail;
import dev.tally.shared.money.Money;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The orders API: JSON to commands and queries and back. Rules live in {@link Order}. */
@Tag(name = "orders", description = "Carts and orders: items, checkout, cancel, ship, read")
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final OrderHistory history;
    private final CheckingOut checkingOut;

    OrderController(CommandGateway commands, QueryGateway queries, OrderHistory history, CheckingOut checkingOut) {
        this.history = history;
        this.checkingOut = checkingOut;
        this.commands = commands;
        this.queries = queries;
    }

    @Operation(summary = "Start a cart")
    @PostMapping
    ResponseEntity<CartCreatedResponse> create(@Valid @RequestBody CreateCartRequest request,
                                               UriComponentsBuilder uri) {
        var currency = Money.currency(request.currency());
        String orderId = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateCart(orderId, currency));
        long version = 0; // the CartCreated event is the order's first
        return ResponseEntity.created(uri.path("/api/orders/{id}").build(orderId))
                .eTag(IfMatch.entityTag(version))
                .body(new CartCreatedResponse(orderId, version));
    }

    @Operation(summary = "Add an item to the cart")
    @PostMapping("/{orderId}/items")
    ResponseEntity<OrderStateResponse> addItem(@PathVariable String orderId, @Valid @RequestBody AddItemRequest request,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(HttpStatus.OK, commands.sendAndWait(new AddItem(orderId, request.productId(),
                request.quantity(), request.unitPrice(), IfMatch.expectedVersion(ifMatch))));
    }

    @Operation(summary = "Remove a product from the cart")
    @DeleteMapping("/{orderId}/items/{productId}")
    ResponseEntity<OrderStateResponse> removeItem(@PathVariable String orderId, @PathVariable String productId,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(HttpStatus.OK, commands.sendAndWait(
                new RemoveItem(orderId, productId, IfMatch.expectedVersion(ifMatch))));
    }

    /** 202: the order now waits for its payment, which completes (or not) after this answer. */
    @Operation(summary = "Check the cart out, to be paid from an account")
    @PostMapping("/{orderId}/checkout")
    ResponseEntity<OrderStateResponse> checkOut(@PathVariable String orderId, @Valid @RequestBody CheckOutRequest request,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                Caller caller) {
        return answer(HttpStatus.ACCEPTED,
                checkingOut.checkOut(caller, orderId, request.accountId(), IfMatch.expectedVersion(ifMatch)));
    }

    @Operation(summary = "Cancel an order (a paid one is refunded)")
    @PostMapping("/{orderId}/cancel")
    ResponseEntity<OrderStateResponse> cancel(@PathVariable String orderId,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(HttpStatus.OK, commands.sendAndWait(new CancelOrder(orderId, IfMatch.expectedVersion(ifMatch))));
    }

    /** Only admins get here (SecurityConfig). */
    @Operation(summary = "Ship a paid order (admins)")
    @PostMapping("/{orderId}/ship")
    ResponseEntity<OrderStateResponse> ship(@PathVariable String orderId,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(HttpStatus.OK, commands.sendAndWait(new ShipOrder(orderId, IfMatch.expectedVersion(ifMatch))));
    }

    @Operation(operationId = "getOrder", summary = "Read an order (optionally once it reached a version)")
    @GetMapping("/{orderId}")
    ResponseEntity<OrderResponse> get(@PathVariable String orderId, Caller caller,
                                      @RequestParam(required = false) @Min(0) Long minVersion) {
        OrderView view = history.current(orderId, caller, minVersion, () -> find(orderId));
        return IfMatch.ok(view.version(), OrderResponse.of(view));
    }

    /** The order as it was at a time or version, rebuilt from the event store (temporal query). */
    @Operation(operationId = "getOrderHistory", summary = "Read an order as it was at a time or version")
    @GetMapping("/{orderId}/history")
    ResponseEntity<OrderResponse> history(@PathVariable String orderId, Caller caller,
                                          @RequestParam(required = false) Instant asOf,
                                          @RequestParam(required = false) @Min(0) Long atVersion) {
        OrderView view = history.at(orderId, caller, PointInTime.of(asOf, atVersion));
        return IfMatch.ok(view.version(), OrderResponse.of(view));
    }

    @Operation(operationId = "getOrderEvents", summary = "Read an order's stored events (audit trail)")
    @GetMapping("/{orderId}/events")
    ResponseEntity<List<StoredEvent>> events(@PathVariable String orderId, @Valid AuditTrail.PageRequest page,
                                             Caller caller) {
        return AuditTrailResponse.of(history.events(orderId, caller, page));
    }

    private Optional<OrderView> find(String orderId) {
        return queries.query(new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class)).join();
    }

    private static ResponseEntity<OrderStateResponse> answer(HttpStatus status, OrderState state) {
        return ResponseEntity.status(status).eTag(IfMatch.entityTag(state.version()))
                .body(OrderStateResponse.of(state));
    }
}
