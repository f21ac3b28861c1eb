package dev.tally.shared.security;

import org.springframework.security.core.Authentication;

/**
 * The authenticated user a request comes from. Controllers take it as a parameter;
 * {@link CallerArgumentResolver} fills it in.
 */
public record Caller(String username, boolean admin) {

    public static final String ADMIN_ROLE = "ROLE_ADMIN";

    static Caller of(Authentication authentication) {
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> ADMIN_ROLE.equals(authority.getAuthority()));
        return new Caller(authentication.getName(), admin);
    }

    /** Whether this caller may read an entity owned by {@code owner}: its owner, or an admin. */
    public boolean mayRead(String owner) {
        return admin || username.equals(owner);
    }
}
