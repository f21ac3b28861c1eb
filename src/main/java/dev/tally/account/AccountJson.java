package dev.tally.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.tally.account.api.AccountBalance;
import dev.tally.account.api.AccountPage;
import dev.tally.account.api.AccountStatus;
import dev.tally.account.api.AccountView;
import dev.tally.shared.web.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The JSON that the accounts API takes and gives, as the API contract spells it. */
final class AccountJson {

    private AccountJson() {
    }

    record OpenAccountRequest(@NotBlank @Size(max = 200) @PlainText String holderName,
                              @NotNull String currency,
                              BigDecimal overdraftLimit) {
        OpenAccountRequest {
            // the contract counts the holder name's length after trimming
            holderName = holderName == null ? null : holderName.strip();
        }
    }

    record MoneyRequest(@NotNull BigDecimal amount, @NotNull String currency, @Size(max = 200) @PlainText String reference) {
    }

    record AccountOpenedResponse(String accountId, long version) {
    }

    record BalanceResponse(String accountId, long version, String balance, String currency) {
        static BalanceResponse of(AccountBalance balance) {
            return new BalanceResponse(balance.accountId(), balance.version(), balance.balance().formatted(),
                    balance.balance().currency().getCurrencyCode());
        }
    }

    record ClosedResponse(String accountId, long version, AccountStatus status) {
    }

    record AccountResponse(String accountId, String holderName, String currency, String balance,
                           String overdraftLimit, AccountStatus status, long version, Instant openedAt) {
        static AccountResponse of(AccountView view) {
            return new AccountResponse(view.accountId(), view.holderName(),
                    view.balance().currency().getCurrencyCode(), view.balance().formatted(),
                    view.overdraftLimit().formatted(), view.status(), view.version(), view.openedAt());
        }
    }

    /** A page in the shape of Spring Data's {@code PagedModel}. */
    record AccountPageResponse(List<AccountResponse> content, PageMetadata page) {
        static AccountPageResponse of(AccountPage page) {
            long totalPages = (page.totalElements() + page.size() - 1) / page.size();
            return new AccountPageResponse(page.accounts().stream().map(AccountResponse::of).toList(),
                    new PageMetadata(page.size(), page.page(), page.totalElements(), totalPages));
        }
    }

    record PageMetadata(int size, int number, long totalElements, long totalPages) {
    }
}
