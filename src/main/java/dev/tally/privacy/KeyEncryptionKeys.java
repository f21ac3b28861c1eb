package dev.tally.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key-encryption keys that wrap the customers' data keys (envelope encryption): they live
 * outside the database (an environment variable or a key file), so a dump of the database holds
 * only wrapped data keys and is no use without them.
 *
 * <p>Each key has an id; the first one listed is current and wraps new data keys, the others
 * still unwrap the keys they wrapped until an admin re-wraps them
 * ({@code POST /api/admin/personal-data/keys/rewrap}). A key is {@code <id>:<Base64 of 32 bytes>}.
 * On the embedded database with no key configured (a laptop), one is generated into
 * {@code <tally.data-dir>/key-encryption-keys}; elsewhere Tally does not start without one.
 */
public final class KeyEncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKeys.class);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String current;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    private KeyEncryptionKeys(Map<String, SecretKey> keys) {
        this.keys = Map.copyOf(keys);
        this.current = keys.keySet().iterator().next();
    }

    /**
     * {@code tally.privacy.*}: the keys, as a comma-separated list ({@code TALLY_PRIVACY_KEYS}) or a
     * file with one key per line; the first is current.
     */
    @ConfigurationProperties("tally.privacy")
    record Settings(List<String> keyEncryptionKeys, Path keyFile) {
        Settings {
            keyEncryptionKeys = keyEncryptionKeys == null ? List.of()
                    : keyEncryptionKeys.stream().map(String::trim).filter(key -> !key.isEmpty()).toList();
        }
    }

    /**
     * The configured keys; on an embedded database without any, the generated ones under the data
     * directory.
     */
    static KeyEncryptionKeys load(Settings settings, boolean embeddedDatabase, Path dataDir) {
        if (!settings.keyEncryptionKeys().isEmpty()) {
            return parse(settings.keyEncryptionKeys(), "tally.privacy.key-encryption-keys");
        }
        if (settings.keyFile() != null) {
            return parse(lines(settings.keyFile()), settings.keyFile().toString());
        }
        if (!embeddedDatabase) {
            throw new IllegalStateException("Tally needs a key-encryption key for the customers' personal data: set"
                    + " TALLY_PRIVACY_KEYS (tally.privacy.key-encryption-keys, e.g. k1:<Base64 of 32 random bytes>,"
                    + " from `openssl rand -base64 32`) or tally.privacy.key-file, the same on every node and kept"
                    + " outside the database and its backups (running.md, \"Personal data keys\")");
        }
        Path generated = dataDir.resolve("key-encryption-keys");
        if (!Files.exists(generated)) {
            generate(generated);
        }
        return parse(lines(generated), generated.toString());
    }

    /** The keys given as {@code <id>:<Base64 of 32 bytes>}, the first current (for tools and tests). */
    public static KeyEncryptionKeys of(List<String> keys) {
        return parse(keys, "the keys given");
    }

    /** The id of the key that wraps new data keys. */
    String current() {
        return current;
    }

    /** The data key wrapped by the current key, bound to its data key id. */
    String wrap(String dataKeyId, byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, current, dataKeyId, nonce, dataKey);
        byte[] stored = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
        return Base64.getEncoder().encodeToString(stored);
    }

    /** The data key that {@code kekId} wrapped; fails if this node does not know that key. */
    byte[] unwrap(String kekId, String dataKeyId, String wrapped) {
        byte[] stored = Base64.getDecoder().decode(wrapped);
        return crypt(Cipher.DECRYPT_MODE, kekId, dataKeyId, Arrays.copyOfRange(stored, 0, NONCE_BYTES),
                Arrays.copyOfRange(stored, NONCE_BYTES, stored.length));
    }

    private byte[] crypt(int mode, String kekId, String dataKeyId, byte[] nonce, byte[] input) {
        SecretKey kek = keys.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("the data key " + dataKeyId + " is wrapped by the key-encryption key "
                    + kekId + ", which this node is not given (tally.privacy.key-encryption-keys): keep a retired"
                    + " key listed until every data key is re-wrapped");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, kek, new GCMParameterSpec(TAG_BITS, nonce));
            // a wrapped key moved to another key's row does not unwrap
            cipher.updateAAD(("tally-data-key:" + dataKeyId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("the data key " + dataKeyId + " cannot be "
                    + (mode == Cipher.ENCRYPT_MODE ? "wrapped" : "unwrapped") + " with " + kekId, failed);
        }
    }

    private static KeyEncryptionKeys parse(List<String> lines, String source) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", 2);
            String id = parts[0].trim();
            byte[] key = parts.length == 2 ? decode(parts[1]) : new byte[0];
            if (id.isEmpty() || key.length != KEY_BYTES || keys.containsKey(id)) {
                throw new IllegalStateException("a key-encryption key in " + source + " is not <id>:<Base64 of 32"
                        + " bytes> with an id of its own");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(source + " holds no key-encryption key");
        }
        return new KeyEncryptionKeys(keys);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the key-encryption keys from " + file, unreadable);
        }
    }

    private static void generate(Path file) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        String content = "# Tally's key-encryption key for personal data, made for this data directory (demo).\n"
                + "# Keep it out of the database's backups: without it the data keys cannot be read.\n"
                + "demo-1:" + Base64.getEncoder().encodeToString(key) + "\n";
        try {
            Files.createDirectories(file.getParent());
            try {
                // readable by Tally's user only from the start, before the key is in it
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file); // a file system without owner permissions keeps what it has
            }
            Files.writeString(file, content);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write a key-encryption key to " + file, unwritable);
        }
        log.warn("Generated a key-encryption key for personal data in {}: fine for a demo; a deployment gives"
                + " TALLY_PRIVACY_KEYS or tally.privacy.key-file", file);
    }
}
