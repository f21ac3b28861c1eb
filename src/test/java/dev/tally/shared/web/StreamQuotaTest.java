package dev.tally.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The caps on live streams: per user, then in all; a released stream makes room again. */
class StreamQuotaTest {

    private final StreamQuota quota = new StreamQuota(new StreamLimits(2, 3, 1), Duration.ofMillis(1500));

    @Nested
    class When_a_user_has_as_many_streams_as_a_user_may {

        @Test
        void one_more_of_theirs_is_refused_and_another_users_is_admitted() {
            quota.take("alice");
            quota.take("alice");

            assertThatThrownBy(() -> quota.take("alice")).isInstanceOfSatisfying(TooManyRequests.class, refused -> {
                assertThat(refused.problemType()).isEqualTo("too-many-streams");
                assertThat(refused.retryAfterSeconds()).isEqualTo(2);
            });
            quota.take("bob");
            assertThat(quota.open()).isEqualTo(3);
        }

        @Test
        void releasing_one_admits_the_next() {
            quota.take("alice");
            quota.take("alice");
            quota.release("alice");

            quota.take("alice");
            assertThat(quota.open()).isEqualTo(2);
        }
    }

    @Nested
    class When_the_node_has_as_many_streams_as_it_may {

        @Test
        void a_user_below_their_own_cap_is_refused_too_until_one_is_released() {
            quota.take("alice");
            quota.take("alice");
            quota.take("bob");

            assertThatThrownBy(() -> quota.take("carol")).isInstanceOfSatisfying(TooManyRequests.class,
                    refused -> assertThat(refused.problemType()).isEqualTo("too-many-streams-in-total"));
            quota.release("alice");
            quota.take("carol");
            assertThat(quota.open()).isEqualTo(3);
        }
    }
}
