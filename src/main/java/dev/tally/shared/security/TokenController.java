package dev.tally.shared.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.shared.web.ProblemWriter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/token}: a password login (HTTP Basic) exchanged for a bearer token, so
 * that the next requests cost a signature check instead of a password hash each.
 */
@Tag(name = "auth", description = "Bearer tokens for a password login")
@RestController
class TokenController {

    private final AccessTokens tokens;

    TokenController(AccessTokens tokens) {
        this.tokens = tokens;
    }

    /** The body of RFC 6749's token response. */
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    @Operation(operationId = "issueToken", summary = "Exchange a password login (HTTP Basic) for a bearer token")
    @PostMapping("/api/auth/token")
    ResponseEntity<TokenResponse> issue(@Parameter(hidden = true) Authentication login) {
        // a token only for a password: a token that bought another token would never expire
        if (!(login instanceof UsernamePasswordAuthenticationToken)) {
            HttpStatus status = HttpStatus.UNAUTHORIZED;
            throw new ErrorResponseException(status, ProblemWriter.problem(status, "password-login-needed",
                    "A token is issued for a password login (HTTP Basic), not for another token."), null);
        }
        AccessTokens.AccessToken token = tokens.issue(login.getName(), login.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .toList());
        // RFC 6749, 5.1: a token is never cached
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                .body(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
    }
}
