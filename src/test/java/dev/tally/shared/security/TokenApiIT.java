package dev.tally.shared.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens as the contract ("Authentication") has them: issued for a password login, used as
 * that user with that user's roles, refused (401, no password check) when expired, altered or
 * not signed with Tally's key.
 */
class TokenApiIT extends ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private TokenProperties tokenProperties;

    private String openAccount(RestTestClient client) {
        return (String) body(post(client, "/api/accounts", """
                {"holderName": "Token Holder", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
    }

    private void expectInvalidToken(String token) {
        withToken(token).get().uri("/api/accounts").exchange()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        expectProblem(withToken(token).get().uri("/api/accounts").exchange(), 401);
        withToken(token).get().uri("/api/accounts").exchange()
                .expectBody().jsonPath("$.type").isEqualTo("urn:tally:problem:invalid-token");
    }

    /** A token as the user would get it, but issued at another time or with another key. */
    private String tokenIssued(Instant at, String secret, String username, List<String> roles) {
        TokenProperties properties = new TokenProperties(secret, tokenProperties.lifetime(),
                tokenProperties.clockSkew(), tokenProperties.issuer(), tokenProperties.external());
        return new AccessTokens(properties, Clock.fixed(at, ZoneOffset.UTC)).issue(username, roles).value();
    }

    @Test
    void a_password_login_gets_a_bearer_token_for_fifteen_minutes_that_is_never_cached() {
        RestTestClient.ResponseSpec response = alice().post().uri("/api/auth/token").exchange();

        response.expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody()
                .jsonPath("$.token_type").isEqualTo("Bearer")
                .jsonPath("$.expires_in").isEqualTo(900)
                .jsonPath("$.access_token").value(String.class,
                        token -> assertThat(token.split("\\.")).hasSize(3));
    }

    @Test
    void the_token_acts_as_its_user_on_every_endpoint() {
        RestTestClient alice = withToken(tokenOf("alice", "alice-pw"));

        String accountId = openAccount(alice);
        post(alice, "/api/accounts/" + accountId + "/deposits", """
                {"amount": "12.00", "currency": "EUR"}""").expectStatus().isOk();

        alice.get().uri("/api/accounts/{id}?minVersion=1", accountId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.holderName").isEqualTo("Token Holder").jsonPath("$.balance").isEqualTo("12.00");
        // the same account through alice's password: the token is alice
        alice().get().uri("/api/accounts/{id}", accountId).exchange().expectStatus().isOk();
    }

    @Test
    void a_customer_s_token_does_not_open_another_customer_s_account() {
        String bobsAccount = openAccount(withToken(tokenOf("bob", "bob-pw")));

        expectProblem(withToken(tokenOf("alice", "alice-pw")).get().uri("/api/accounts/{id}", bobsAccount)
                .exchange(), 404);
        expectProblem(post(withToken(tokenOf("alice", "alice-pw")), "/api/accounts/" + bobsAccount + "/deposits", """
                {"amount": "1.00", "currency": "EUR"}"""), 404);
    }

    @Test
    void the_token_carries_its_user_s_roles() {
        withToken(tokenOf("admin", "admin-pw")).get().uri("/api/admin/processors").exchange().expectStatus().isOk();
        expectProblem(withToken(tokenOf("alice", "alice-pw")).get().uri("/api/admin/processors").exchange(), 403);
    }

    @Test
    void an_expired_token_is_refused() {
        Instant longAgo = Instant.now().minus(tokenProperties.lifetime()).minus(tokenProperties.clockSkew())
                .minus(Duration.ofMinutes(1));

        expectInvalidToken(tokenIssued(longAgo, tokenProperties.secret(), "alice", List.of("CUSTOMER")));
    }

    @Test
    void a_token_whose_claims_were_altered_is_refused() {
        String[] parts = tokenOf("alice", "alice-pw").split("\\.");
        Base64.Decoder decode = Base64.getUrlDecoder();
        String claims = new String(decode.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"alice\"", "\"sub\":\"admin\"")
                .replace("\"CUSTOMER\"", "\"ADMIN\",\"CUSTOMER\"");
        assertThat(claims).contains("\"sub\":\"admin\"");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        expectInvalidToken(altered);
    }

    @Test
    void a_token_signed_with_another_key_or_nothing_at_all_is_refused() {
        expectInvalidToken(tokenIssued(Instant.now(), "another-key-of-at-least-thirty-two-bytes!",
                "admin", List.of("ADMIN", "CUSTOMER")));
        expectInvalidToken("not-a-token");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"iss\":\"tally\",\"sub\":\"admin\",\"roles\":[\"ADMIN\"]}"
                        .getBytes(StandardCharsets.UTF_8)) + ".";
        expectInvalidToken(unsigned);
    }

    @Test
    void a_token_buys_no_other_token() {
        RestTestClient.ResponseSpec response = withToken(tokenOf("alice", "alice-pw")).post().uri("/api/auth/token")
                .exchange();

        expectProblem(response, 401);
    }

    @Test
    void a_wrong_password_gets_no_token() {
        expectProblem(as("alice", "wrong").post().uri("/api/auth/token").exchange(), 401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_token_names_user_roles_issuer_and_expiry() throws Exception {
        String[] parts = tokenOf("admin", "admin-pw").split("\\.");
        Map<?, ?> claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);

        assertThat(claims.get("sub")).isEqualTo("admin");
        assertThat(claims.get("iss")).isEqualTo("tally");
        assertThat((List<Object>) claims.get("roles")).containsExactlyInAnyOrder("ADMIN", "CUSTOMER");
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                .isEqualTo(900);
    }
}
