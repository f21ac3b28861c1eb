package dev.tally.privacy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import dev.tally.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotating the key-encryption key as running.md says, through restarts: the new key second, then
 * first, then the re-wrap, then the old key removed; the holder names read all along.
 */
class KeyRotationIT {

    private static final String OLD = "old:" + randomKey();
    private static final String NEW = "new:" + randomKey();

    private final StandaloneApp tally = new StandaloneApp();

    @Test
    void names_stay_readable_through_a_rotation_and_the_old_key_can_go() {
        String account;
        try (ConfigurableApplicationContext app = start(OLD)) {
            account = StandaloneApp.openAccount(StandaloneApp.alice(app));
            assertThat(holderName(app, account)).isEqualTo("Alice");
        }
        try (ConfigurableApplicationContext app = start(OLD + "," + NEW)) {
            assertThat(holderName(app, account)).isEqualTo("Alice");
        }
        try (ConfigurableApplicationContext app = start(NEW + "," + OLD)) {
            String later = StandaloneApp.openAccount(StandaloneApp.as(app, "bob", "bob-pw"));
            @SuppressWarnings("unchecked")
            Map<String, Object> rewrapped = admin(app).post().uri("/api/admin/personal-data/keys/rewrap").exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            // alice's key moved; bob's was wrapped with the new key from the start
            assertThat(rewrapped).containsEntry("rewrapped", 1).containsEntry("keyEncryptionKey", "new");
            assertThat(holderName(app, account)).isEqualTo("Alice");
            assertThat(holderName(app, later)).isEqualTo("Alice");
        }
        try (ConfigurableApplicationContext app = start(NEW)) {
            assertThat(holderName(app, account)).isEqualTo("Alice");
        }
    }

    private ConfigurableApplicationContext start(String keys) {
        return tally.start("tally.privacy.key-encryption-keys=" + keys);
    }

    /** The name as the temporal query reads it from the event store (the key opened now, not a copy). */
    private static String holderName(ConfigurableApplicationContext app, String account) {
        RestTestClient admin = admin(app);
        return await().until(() -> (String) admin.get().uri("/api/accounts/{id}/history?atVersion=0", account)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                .get("holderName"), name -> name != null);
    }

    private static RestTestClient admin(ConfigurableApplicationContext app) {
        return StandaloneApp.as(app, "admin", "admin-pw");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
