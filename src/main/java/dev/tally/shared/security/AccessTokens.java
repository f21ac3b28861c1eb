package dev.tally.shared.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.stereotype.Component;

/**
 * Tally's bearer tokens: JWTs signed with HMAC-SHA256 under the key all nodes share, naming the
 * user ({@code sub}) and their roles ({@code roles}), valid for {@link TokenProperties#lifetime}.
 * Checking one costs a signature check, never a password hash; an expired, tampered or unknown
 * token is refused (401). Tokens of an external issuer, when configured, are checked with its
 * published keys instead: the issuer named in a token picks how it is checked.
 */
@Component
public class AccessTokens {

    static final String ROLES_CLAIM = "roles";

    private final TokenProperties properties;
    private final SecretKey key;
    private final JwtEncoder encoder;
    private final Clock clock;

    /** A token as the token endpoint answers it. */
    public record AccessToken(String value, long expiresInSeconds) {
    }

    @Autowired
    AccessTokens(TokenProperties properties) {
        this(properties, Clock.systemUTC());
    }

    /** With a clock of its own, to issue tokens as at another time. */
    AccessTokens(TokenProperties properties, Clock clock) {
        this.properties = properties;
        this.key = new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.clock = clock;
    }

    /** A new token for the user with these roles (without the {@code ROLE_} prefix). */
    public AccessToken issue(String username, Collection<String> roles) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(username)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(properties.lifetime()))
                .claim(ROLES_CLAIM, List.copyOf(roles))
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(value, properties.lifetime().toSeconds());
    }

    /** How a token is checked, by its issuer: Tally's own, or the external one. */
    AuthenticationManagerResolver<String> byIssuer() {
        Map<String, AuthenticationManager> managers = new HashMap<>();
        managers.put(properties.issuer(), manager(ownDecoder(), ROLES_CLAIM));
        TokenProperties.External external = properties.external();
        if (external.configured()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(external.jwkSetUri()).build();
            decoder.setJwtValidator(validator(external.issuer()));
            managers.put(external.issuer(), manager(decoder, external.rolesClaim()));
        }
        return managers::get;
    }

    /** Checks Tally's own tokens: signature, issuer, and time (with the configured clock skew). */
    JwtDecoder ownDecoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator(properties.issuer()));
        return decoder;
    }

    private OAuth2TokenValidator<Jwt> validator(String issuer) {
        JwtTimestampValidator inTime = new JwtTimestampValidator(properties.clockSkew());
        inTime.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(inTime, new JwtIssuerValidator(issuer));
    }

    private static AuthenticationManager manager(JwtDecoder decoder, String rolesClaim) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(rolesClaim);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(converter);
        return provider::authenticate;
    }
}
