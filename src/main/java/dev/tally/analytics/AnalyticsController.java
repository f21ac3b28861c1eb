package dev.tally.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.tally.analytics.api.AbandonedCart;
import dev.tally.analytics.api.FindHourlySales;
import dev.tally.analytics.api.FindLookToBook;
import dev.tally.analytics.api.HourlySales;
import dev.tally.analytics.api.ListAbandonedCarts;
import dev.tally.analytics.api.LookToBook;
import dev.tally.shared.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The analytics API (ADMIN only, see SecurityConfig): the read models of the analytics processors. */
@Tag(name = "analytics", description = "Hourly sales, look-to-book, abandoned carts")
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

    /** Without {@code from}/{@code to}: the last day, up to the end of the current hour. */
    private static final Duration DEFAULT_RANGE = Duration.ofDays(1);
    private static final Duration LONGEST_RANGE = Duration.ofDays(366);

    private final QueryGateway queries;

    AnalyticsController(QueryGateway queries) {
        this.queries = queries;
    }

    record HourlySalesResponse(Instant hour, String currency, long orders, String revenue) {
        static HourlySalesResponse of(HourlySales sales) {
            return new HourlySalesResponse(sales.hour(), sales.revenue().currency().getCurrencyCode(), sales.orders(),
                    sales.revenue().formatted());
        }
    }

    record LookToBookResponse(String productId, long views, long unitsSold, BigDecimal ratio) {
        static LookToBookResponse of(LookToBook product) {
            return new LookToBookResponse(product.productId(), product.views(), product.unitsSold(), product.ratio());
        }
    }

    record AbandonedCartResponse(String orderId, Instant abandonedAt, String value, String currency) {
        static AbandonedCartResponse of(AbandonedCart cart) {
            return new AbandonedCartResponse(cart.orderId(), cart.abandonedAt(), cart.value().formatted(),
                    cart.value().currency().getCurrencyCode());
        }
    }

    @Operation(summary = "Paid orders and revenue per hour (admins)")
    @GetMapping("/sales/hourly")
    List<HourlySalesResponse> hourlySales(@RequestParam(required = false) Instant from,
                                          @RequestParam(required = false) Instant to) {
        Instant until = to != null ? to : Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant since = from != null ? from : until.minus(DEFAULT_RANGE);
        if (!since.isBefore(until)) {
            throw new InvalidInput("from", "must be before to");
        }
        if (Duration.between(since, until).compareTo(LONGEST_RANGE) > 0) {
            throw new InvalidInput("to", "must be at most " + LONGEST_RANGE.toDays() + " days after from");
        }
        return queries.query(new FindHourlySales(since, until), ResponseTypes.multipleInstancesOf(HourlySales.class))
                .join().stream().map(HourlySalesResponse::of).toList();
    }

    @Operation(summary = "Views against units sold per product (admins)")
    @GetMapping("/look-to-book")
    List<LookToBookResponse> lookToBook() {
        return queries.query(new FindLookToBook(), ResponseTypes.multipleInstancesOf(LookToBook.class))
                .join().stream().map(LookToBookResponse::of).toList();
    }

    @Operation(summary = "Carts abandoned now (admins)")
    @GetMapping("/abandoned-carts")
    List<AbandonedCartResponse> abandonedCarts() {
        return queries.query(new ListAbandonedCarts(), ResponseTypes.multipleInstancesOf(AbandonedCart.class))
                .join().stream().map(AbandonedCartResponse::of).toList();
    }
}
