package dev.tally.shared.security;

/**
 * The authenticated user a request comes from, by their pseudonymous subject id
 * ({@link dev.tally.privacy.Pseudonyms}): what commands, events and read models record as owner,
 * payer or issuer, never the login. Controllers take it as a parameter;
 * {@link CallerArgumentResolver} fills it in.
 */
public record Caller(String subject, boolean admin) {

    public static final String ADMIN_ROLE = "ROLE_ADMIN";

    /** Whether this caller may read an entity owned by {@code owner}: its owner, or an admin. */
    public boolean mayRead(String owner) {
        return admin || subject.equals(owner);
    }
}
