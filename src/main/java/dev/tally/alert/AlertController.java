package dev.tally.alert;

import dev.tally.shared.web.Paging;
import java.time.Instant;
import java.util.List;

import dev.tally.alert.api.AlertPage;
import dev.tally.alert.api.AlertView;
import dev.tally.alert.api.ListAlerts;
import dev.tally.shared.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The alerts API: the alerts on the caller's accounts (an admin's: all), from the read model. */
@Tag(name = "alerts", description = "Alerts raised by rules over windows of account events")
@RestController
@RequestMapping("/api/alerts")
class AlertController {

    private final QueryGateway queries;

    AlertController(QueryGateway queries) {
        this.queries = queries;
    }

    /** An alert as the API shows it; amounts as strings (as every amount of the API), no currency for a count. */
    record AlertResponse(String alertId, String rule, String accountId, Instant detectedAt, Instant windowStart,
                         Instant windowEnd, String value, String threshold, String currency) {
        static AlertResponse of(AlertView alert) {
            return new AlertResponse(alert.alertId(), alert.rule(), alert.accountId(), alert.detectedAt(),
                    alert.windowStart(), alert.windowEnd(), alert.value().toPlainString(),
                    alert.threshold().toPlainString(), alert.currency());
        }
    }

    /** A page in the shape of Spring Data's {@code PagedModel}, as {@code GET /api/accounts}. */
    record AlertPageResponse(List<AlertResponse> content, PageMetadata page) {
        static AlertPageResponse of(AlertPage page) {
            long totalPages = (page.totalElements() + page.size() - 1) / page.size();
            return new AlertPageResponse(page.alerts().stream().map(AlertResponse::of).toList(),
                    new PageMetadata(page.size(), page.page(), page.totalElements(), totalPages));
        }
    }

    record PageMetadata(int size, int number, long totalElements, long totalPages) {
    }

    @Operation(summary = "List the alerts on the caller's accounts, newest first (admins: all)")
    @GetMapping
    AlertPageResponse list(Caller caller,
                           @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                           @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        ListAlerts query = new ListAlerts(caller.admin() ? null : caller.subject(), page, size);
        return AlertPageResponse.of(queries.query(query, AlertPage.class).join());
    }
}
