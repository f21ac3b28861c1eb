package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A right password is checked with bcrypt once; a wrong one, every time. */
class RememberingPasswordEncoderTest {

    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            bcryptChecks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };

    @Test
    void a_right_password_is_checked_once_then_remembered() {
        RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(counting, 100);
        String stored = bcrypt.encode("alice-pw");

        assertThat(encoder.matches("alice-pw", stored)).isTrue();
        assertThat(encoder.matches("alice-pw", stored)).isTrue();
        assertThat(bcryptChecks).hasValue(1);
    }

    @Test
    void a_wrong_password_is_never_remembered() {
        RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(counting, 100);
        String stored = bcrypt.encode("alice-pw");

        assertThat(encoder.matches("guess", stored)).isFalse();
        assertThat(encoder.matches("guess", stored)).isFalse();
        assertThat(bcryptChecks).hasValue(2);
    }

    @Test
    void a_remembered_password_does_not_open_another_stored_hash() {
        RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(counting, 100);
        assertThat(encoder.matches("alice-pw", bcrypt.encode("alice-pw"))).isTrue();

        assertThat(encoder.matches("alice-pw", bcrypt.encode("bob-pw"))).isFalse();
    }
}
