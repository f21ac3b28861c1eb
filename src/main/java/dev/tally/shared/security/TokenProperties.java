package dev.tally.shared.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens ({@code tally.security.tokens}): those Tally signs at {@code POST /api/auth/token}
 * with a key every node shares, and optionally those of an external OAuth2/OIDC issuer.
 *
 * @param secret    the HMAC-SHA256 key of Tally's own tokens, at least 32 bytes, the same on every node
 * @param lifetime  how long a token Tally issues is valid
 * @param clockSkew how far the clocks of the nodes (and of an external issuer) may differ
 * @param issuer    the {@code iss} of Tally's own tokens
 * @param external  an external issuer whose tokens are accepted too; none when its issuer is not set
 */
@ConfigurationProperties("tally.security.tokens")
public record TokenProperties(String secret, Duration lifetime, Duration clockSkew, String issuer, External external) {

    static final int MIN_SECRET_BYTES = 32;

    public TokenProperties {
        lifetime = lifetime == null ? Duration.ofMinutes(15) : lifetime;
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        issuer = issuer == null || issuer.isBlank() ? "tally" : issuer;
        external = external == null ? new External(null, null, null) : external;
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("tally.security.tokens.secret (TALLY_TOKEN_SECRET) must be set to at"
                    + " least " + MIN_SECRET_BYTES + " bytes, the same on every node: it signs the bearer tokens");
        }
    }

    /**
     * @param issuer     the {@code iss} its tokens carry
     * @param jwkSetUri  where its public keys are published
     * @param rolesClaim the claim that lists a user's roles ({@code roles} unless set)
     */
    public record External(String issuer, String jwkSetUri, String rolesClaim) {

        public External {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? AccessTokens.ROLES_CLAIM : rolesClaim;
        }

        boolean configured() {
            return issuer != null && !issuer.isBlank();
        }
    }
}
