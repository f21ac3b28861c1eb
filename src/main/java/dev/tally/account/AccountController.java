package dev.tally.account;

import dev.tally.shared.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import dev.tally.account.AccountJson.AccountOpenedResponse;
import dev.tally.account.AccountJson.AccountPageResponse;
import dev.tally.account.AccountJson.AccountResponse;
import dev.tally.account.AccountJson.BalanceResponse;
import dev.tally.account.AccountJson.ClosedResponse;
import dev.tally.account.AccountJson.MoneyRequest;
import dev.tally.account.AccountJson.OpenAccountRequest;
import dev.tally.account.api.AccountBalance;
import dev.tally.account.api.AccountPage;
import dev.tally.account.api.AccountStatus;
import dev.tally.account.api.AccountView;
import dev.tally.account.api.CloseAccount;
import dev.tally.account.api.DepositMoney;
import dev.tally.account.api.FindAccount;
import dev.tally.account.api.ListAccounts;
import dev.tally.account.api.MoneyDeposited;
import dev.tally.account.api.OpenAccount;
import dev.tally.account.api.WithdrawMoney;
import dev.tally.shared.eventstore.PointInTime;
import dev.tally.shared.eventstore.StoredEvent;
import dev.tally.shared.web.AuditTrailResponse;
import dev.tally.shared.eventstore.AuditTrail;
import dev.tally.shared.money.Money;
import dev.tally.feed.EventFeed;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.IfMatch;
import dev.tally.shared.web.ServerSentEvents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/** The accounts API: JSON to commands and queries and back. Rules live in {@link Account}. */
@Tag(name = "accounts", description = "Bank accounts: open, deposit, withdraw, close, read")
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AccountHistory history;
    private final EventFeed feed;

    AccountController(CommandGateway commands, QueryGateway queries, AccountHistory history, EventFeed feed) {
        this.feed = feed;
        this.commands = commands;
        this.queries = queries;
        this.history = history;
    }

    @Operation(summary = "Open an account")
    @PostMapping
    ResponseEntity<AccountOpenedResponse> open(@Valid @RequestBody OpenAccountRequest request,
                                               UriComponentsBuilder uri) {
        var currency = Money.currency(request.currency());
        var overdraftLimit = request.overdraftLimit() == null
                ? Money.zero(currency)
                : Money.nonNegative("overdraftLimit", request.overdraftLimit(), currency);
        String accountId = UUID.randomUUID().toString();
        commands.sendAndWait(new OpenAccount(accountId, request.holderName(), overdraftLimit));
        long version = 0; // the AccountOpened event is the account's first
        return ResponseEntity.created(uri.path("/api/accounts/{id}").build(accountId))
                .eTag(IfMatch.entityTag(version))
                .body(new AccountOpenedResponse(accountId, version));
    }

    @Operation(summary = "Deposit money")
    @PostMapping("/{accountId}/deposits")
    ResponseEntity<BalanceResponse> deposit(@PathVariable String accountId, @Valid @RequestBody MoneyRequest request,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        AccountBalance balance = commands.sendAndWait(new DepositMoney(accountId,
                Money.positive("amount", request.amount(), Money.currency(request.currency())),
                request.reference(), MoneyDeposited.API_CHANNEL, IfMatch.expectedVersion(ifMatch)));
        return IfMatch.ok(balance.version(), BalanceResponse.of(balance));
    }

    @Operation(summary = "Withdraw money")
    @PostMapping("/{accountId}/withdrawals")
    ResponseEntity<BalanceResponse> withdraw(@PathVariable String accountId, @Valid @RequestBody MoneyRequest request,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        AccountBalance balance = commands.sendAndWait(new WithdrawMoney(accountId,
                Money.positive("amount", request.amount(), Money.currency(request.currency())),
                request.reference(), IfMatch.expectedVersion(ifMatch)));
        return IfMatch.ok(balance.version(), BalanceResponse.of(balance));
    }

    @Operation(summary = "Close an account at a zero balance")
    @PostMapping("/{accountId}/close")
    ResponseEntity<ClosedResponse> close(@PathVariable String accountId,
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        AccountBalance balance = commands.sendAndWait(new CloseAccount(accountId, IfMatch.expectedVersion(ifMatch)));
        return IfMatch.ok(balance.version(), new ClosedResponse(accountId, balance.version(), AccountStatus.CLOSED));
    }

    @Operation(summary = "List the caller's accounts")
    @GetMapping
    AccountPageResponse list(Caller caller,
                             @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                             @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        AccountPage accounts = queries.query(new ListAccounts(caller.subject(), page, size), AccountPage.class).join();
        return AccountPageResponse.of(accounts);
    }

    @Operation(operationId = "getAccount", summary = "Read an account (optionally once it reached a version)")
    @GetMapping("/{accountId}")
    ResponseEntity<AccountResponse> get(@PathVariable String accountId, Caller caller,
                                        @RequestParam(required = false) @Min(0) Long minVersion) {
        AccountView view = history.current(accountId, caller, minVersion, () -> find(accountId));
        return IfMatch.ok(view.version(), AccountResponse.of(view));
    }

    @Operation(operationId = "getAccountHistory", summary = "Read an account as it was at a time or version")
    @GetMapping("/{accountId}/history")
    ResponseEntity<AccountResponse> history(@PathVariable String accountId, Caller caller,
                                            @RequestParam(required = false) Instant asOf,
                                            @RequestParam(required = false) @Min(0) Long atVersion) {
        AccountView view = history.at(accountId, caller, PointInTime.of(asOf, atVersion));
        return IfMatch.ok(view.version(), AccountResponse.of(view));
    }

    @Operation(operationId = "getAccountEvents", summary = "Read an account's stored events (audit trail)")
    @GetMapping("/{accountId}/events")
    ResponseEntity<List<StoredEvent>> events(@PathVariable String accountId, @Valid AuditTrail.PageRequest page,
                                             Caller caller) {
        return AuditTrailResponse.of(history.events(accountId, caller, page));
    }

    /**
     * The account's view now and after every change, as server-sent events, until the client goes,
     * whichever node stored the change (EventFeed follows the event store); 429 when the caller or
     * the node has as many live streams open as it may.
     */
    @Operation(summary = "Follow an account's changes as server-sent events")
    @GetMapping(path = "/{accountId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter updates(@PathVariable String accountId, Caller caller) {
        history.requireReadable(accountId, caller);
        return feed.followAggregate(caller.subject(), accountId, () -> find(accountId), AccountView::version,
                (stream, view) -> stream.send("account", Long.toString(view.version()), AccountResponse.of(view)))
                .emitter();
    }

    private Optional<AccountView> find(String accountId) {
        return queries.query(new FindAccount(accountId), ResponseTypes.optionalInstanceOf(AccountView.class)).join();
    }
}
