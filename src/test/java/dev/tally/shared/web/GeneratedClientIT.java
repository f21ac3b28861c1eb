package dev.tally.shared.web;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tally.client.ApiClient;
import dev.tally.client.ApiException;
import dev.tally.client.api.AccountsApi;
import dev.tally.client.model.AccountOpenedResponse;
import dev.tally.client.model.AccountResponse;
import dev.tally.client.model.BalanceResponse;
import dev.tally.client.model.MoneyRequest;
import dev.tally.client.model.OpenAccountRequest;
import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Java client generated from the API description (openapi-generator's Maven plugin, from the
 * document {@link OpenApiDocumentIT} keeps equal to what the app serves) works against the app:
 * what a team that generates its client from {@code /v3/api-docs} would get.
 */
class GeneratedClientIT extends ApiTest {

    private AccountsApi accountsOf(String username, String password) {
        String login = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), baseUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + login));
        return new AccountsApi(client);
    }

    @Test
    void opens_an_account_deposits_and_reads_the_balance() throws ApiException {
        AccountsApi accounts = accountsOf("alice", "alice-pw");

        AccountOpenedResponse opened = accounts.open(new OpenAccountRequest().holderName("Generated Client")
                .currency("EUR"));
        BalanceResponse deposited = accounts.deposit(opened.getAccountId(),
                new MoneyRequest().amount(new BigDecimal("25.00")).currency("EUR").reference("generated"), null);
        AccountResponse account = accounts.getAccount(opened.getAccountId(), deposited.getVersion());

        assertThat(deposited.getBalance()).isEqualTo("25.00");
        assertThat(account.getBalance()).isEqualTo("25.00");
        assertThat(account.getCurrency()).isEqualTo("EUR");
        assertThat(account.getStatus()).isEqualTo(AccountResponse.StatusEnum.OPEN);
        assertThat(account.getVersion()).isEqualTo(1L);
    }

    @Test
    void a_rejection_reaches_the_client_as_its_status_and_problem() throws ApiException {
        AccountsApi accounts = accountsOf("alice", "alice-pw");
        String accountId = accounts.open(new OpenAccountRequest().holderName("Generated Client").currency("EUR"))
                .getAccountId();

        assertThatThrownBy(() -> accounts.withdraw(accountId,
                new MoneyRequest().amount(new BigDecimal("1.00")).currency("EUR"), null))
                .isInstanceOfSatisfying(ApiException.class, rejected -> {
                    assertThat(rejected.getCode()).isEqualTo(422);
                    assertThat(rejected.getResponseBody()).contains("urn:tally:problem:insufficient-funds");
                });
    }
}
