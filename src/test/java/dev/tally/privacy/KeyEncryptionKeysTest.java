package dev.tally.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the key-encryption keys come from, and what is refused. */
class KeyEncryptionKeysTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dataDir;

    @Test
    void the_first_configured_key_is_current_and_a_data_key_round_trips() {
        KeyEncryptionKeys keys = KeyEncryptionKeys.load(
                new KeyEncryptionKeys.Settings(List.of("k2:" + KEY, " k1:" + KEY), null), false, dataDir);
        byte[] dataKey = "0123456789abcdef0123456789abcdef".getBytes();

        String wrapped = keys.wrap("data-1", dataKey);

        assertThat(keys.current()).isEqualTo("k2");
        assertThat(keys.unwrap("k2", "data-1", wrapped)).isEqualTo(dataKey);
        // bound to its data key's id: moved to another row, it does not unwrap
        assertThatThrownBy(() -> keys.unwrap("k2", "data-2", wrapped)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void on_the_embedded_database_without_keys_one_is_generated_once_under_the_data_dir() throws Exception {
        KeyEncryptionKeys.Settings none = new KeyEncryptionKeys.Settings(List.of(), null);
        KeyEncryptionKeys first = KeyEncryptionKeys.load(none, true, dataDir);
        String wrapped = first.wrap("data-1", new byte[32]);

        KeyEncryptionKeys again = KeyEncryptionKeys.load(none, true, dataDir);

        assertThat(Files.readString(dataDir.resolve("key-encryption-keys"))).contains("demo-1:");
        assertThat(again.unwrap("demo-1", "data-1", wrapped)).isEqualTo(new byte[32]);
    }

    @Test
    void a_key_file_holds_one_key_per_line() throws Exception {
        Path file = Files.writeString(dataDir.resolve("keys"), "# rotated in December\nk2:" + KEY + "\nk1:" + KEY + "\n");

        assertThat(KeyEncryptionKeys.load(new KeyEncryptionKeys.Settings(List.of(), file), false, dataDir).current())
                .isEqualTo("k2");
    }

    @Test
    void a_shared_database_without_keys_refuses_to_start_saying_what_to_set() {
        assertThatThrownBy(() -> KeyEncryptionKeys.load(new KeyEncryptionKeys.Settings(null, null), false, dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TALLY_PRIVACY_KEYS");
        assertThat(dataDir.resolve("key-encryption-keys")).doesNotExist();
    }

    @Test
    void a_malformed_or_short_key_is_refused() {
        for (String bad : List.of("no-colon", "k1:not-base64!", "k1:" + Base64.getEncoder().encodeToString(new byte[16]),
                ":" + KEY)) {
            assertThatThrownBy(() -> KeyEncryptionKeys.of(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(KEY);
        }
        assertThatThrownBy(() -> KeyEncryptionKeys.of(List.of("k1:" + KEY, "k1 :" + KEY)))
                .isInstanceOf(IllegalStateException.class);
    }
}
