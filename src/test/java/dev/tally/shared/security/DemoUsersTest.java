package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import dev.tally.shared.eventstore.EmbeddedDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Demo users (published passwords) are for the embedded database only, and never silent. */
@ExtendWith(OutputCaptureExtension.class)
class DemoUsersTest {

    private static final String H2 = "jdbc:h2:file:./data/tally;DB_CLOSE_ON_EXIT=FALSE";
    private static final String POSTGRES = "jdbc:postgresql://db:5432/tally";

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private UserProperties users(String... namesAndPasswords) {
        Map<String, UserProperties.User> users = new java.util.HashMap<>();
        for (int i = 0; i < namesAndPasswords.length; i += 2) {
            users.put(namesAndPasswords[i], new UserProperties.User(encoder.encode(namesAndPasswords[i + 1]),
                    List.of("CUSTOMER")));
        }
        return new UserProperties(users);
    }

    @Nested
    class On_the_embedded_database {

        @Test
        void they_log_in_and_a_warning_names_them(CapturedOutput output) {
            assertThatCode(() -> DemoUsers.check(users("alice", "alice-pw", "admin", "admin-pw", "carol", "secret"),
                    encoder, null, H2, false)).doesNotThrowAnyException();
            assertThat(output.getOut()).contains("WARN").contains("Published demo credentials are in use:"
                    + " admin, alice");
            assertThat(output.getOut()).doesNotContain("carol");
        }
    }

    @Nested
    class On_PostgreSQL {

        @Test
        void Tally_refuses_to_start_naming_them_and_what_to_do() {
            assertThatThrownBy(() -> DemoUsers.check(users("bob", "bob-pw", "admin", "admin-pw"), encoder, null,
                    POSTGRES, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refuses to start with published demo credentials (admin, bob:")
                    .hasMessageContaining("tally.security.users")
                    .hasMessageContaining("tally.security.allow-demo-users=true");
        }

        @Test
        void an_explicit_opt_in_starts_with_the_warning(CapturedOutput output) {
            assertThatCode(() -> DemoUsers.check(users("admin", "admin-pw"), encoder, null, POSTGRES, true))
                    .doesNotThrowAnyException();
            assertThat(output.getOut()).contains("Published demo credentials are in use: admin");
        }

        @Test
        void own_users_start_without_a_word_even_with_a_demo_name(CapturedOutput output) {
            assertThatCode(() -> DemoUsers.check(users("admin", "a-long-secret-of-our-own", "dora", "dora-pw"),
                    encoder, "a-secret-of-our-own-of-32-bytes-at-least", POSTGRES, false)).doesNotThrowAnyException();
            assertThat(output.getOut()).doesNotContain("Published demo credentials");
        }
    }

    @Test
    void the_demo_token_secret_counts_as_published_and_the_message_shows_no_database_password() {
        assertThatThrownBy(() -> DemoUsers.check(users("carol", "secret"), encoder,
                "demo-only-token-secret-not-for-production-use", POSTGRES + "?password=hunter2", false))
                .hasMessageContaining("refuses to start with published demo credentials (the token secret:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void only_H2_in_a_file_or_in_memory_counts_as_embedded() {
        assertThat(EmbeddedDatabase.is(H2)).isTrue();
        assertThat(EmbeddedDatabase.is("jdbc:h2:mem:tally")).isTrue();
        assertThat(EmbeddedDatabase.is("jdbc:h2:tcp://db/tally")).isFalse();
        assertThat(EmbeddedDatabase.is(POSTGRES)).isFalse();
        assertThat(EmbeddedDatabase.is("")).isFalse();
    }
}
