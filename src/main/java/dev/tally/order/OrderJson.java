package dev.tally.order;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.order.api.OrderState;
import dev.tally.order.api.OrderStatus;
import dev.tally.order.api.OrderView;
import dev.tally.shared.web.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The JSON that the orders API takes and gives, as the API contract spells it. */
final class OrderJson {

    private OrderJson() {
    }

    record CreateCartRequest(@NotNull String currency) {
    }

    record AddItemRequest(@NotBlank @Size(max = 64) @PlainText String productId,
                          @NotNull @Min(1) @Max(Order.MAX_QUANTITY) Integer quantity,
                          @NotNull BigDecimal unitPrice) {
    }

    record CheckOutRequest(@NotBlank @Size(max = 36) @PlainText String accountId) {
    }

    record CartCreatedResponse(String orderId, long version) {
    }

    /** What every order command answers: where the order stands right after it. */
    record OrderStateResponse(String orderId, long version, OrderStatus status, String total, String currency) {
        static OrderStateResponse of(OrderState state) {
            return new OrderStateResponse(state.orderId(), state.version(), state.status(), state.total().formatted(),
                    state.total().currency().getCurrencyCode());
        }
    }

    record OrderResponse(String orderId, OrderStatus status, String currency, List<LineResponse> lines, String total,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String paymentId, long version) {
        static OrderResponse of(OrderView view) {
            return new OrderResponse(view.orderId(), view.status(), view.total().currency().getCurrencyCode(),
                    view.lines().stream().map(LineResponse::of).toList(), view.total().formatted(), view.paymentId(),
                    view.version());
        }
    }

    record LineResponse(String productId, int quantity, String unitPrice, String lineTotal) {
        static LineResponse of(OrderView.LineView line) {
            return new LineResponse(line.productId(), line.quantity(), line.unitPrice().formatted(),
                    line.lineTotal().formatted());
        }
    }
}
