package dev.tally.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that checks a (user's stored hash, password) pair with the slow encoder
 * (bcrypt) once and remembers that it matched, so a stateless API does not pay a bcrypt round for
 * every request of the same client. The benchmarks (domain-docs/benchmarks.md) found bcrypt to be
 * most of a REST request's time.
 *
 * <p>Only successful checks are remembered, so a wrong password always costs a full bcrypt check
 * (guessing stays slow). What is remembered is a SHA-256 digest of the stored hash and the
 * password, never the password itself; the trade-off is that someone who can read this process's
 * memory could test guesses against such a digest faster than against bcrypt. A changed password
 * has a new stored hash, so old entries never match it. At most {@code capacity} entries are kept;
 * when full, all are forgotten (and checked with bcrypt again).
 */
final class RememberingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final int capacity;
    private final Set<String> matched = ConcurrentHashMap.newKeySet();

    RememberingPasswordEncoder(PasswordEncoder delegate, int capacity) {
        this.delegate = delegate;
        this.capacity = capacity;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String key = digest(encodedPassword, rawPassword);
        if (matched.contains(key)) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches && capacity > 0) {
            if (matched.size() >= capacity) {
                matched.clear();
            }
            matched.add(key);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private static String digest(String encodedPassword, CharSequence rawPassword) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }
}
