package dev.tally.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customers' keys for their personal data, and the sealing and opening of that data.
 *
 * <p>A sealed value is {@code pii:v1:<key id>:<nonce and ciphertext>} (AES-256-GCM with the key id
 * as associated data, Base64): it names the key that opens it, so reading needs nothing but the
 * value. Keys live in {@code personal_data_key}, outside the event store, one per subject (the
 * customer's pseudonym, {@link Pseudonyms}) at a time, each wrapped by a key-encryption key from
 * outside the database ({@link KeyEncryptionKeys}), so a dump alone opens nothing. {@link #forget}
 * deletes a subject's key and leaves a tombstone: every value sealed with the key opens as
 * {@link PersonalData#FORGOTTEN}, in read models, replays and temporal queries alike, and nothing is
 * sealed for that subject again (a value opened before the forgetting and written again after it,
 * by a dead letter or a Kafka message, is written as forgotten). Values stored before encryption
 * existed (no prefix) read as they are.
 */
@Component
public class PersonalDataVault {

    private static final String PREFIX = "pii:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private static final Logger log = LoggerFactory.getLogger(PersonalDataVault.class);
    private static final String KEY_COLUMNS = "select key_id, kek_id, secret from personal_data_key";

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKeys wrapping;
    private final TransactionTemplate ownTransaction;
    private final SecureRandom random = new SecureRandom();
    private volatile String tombstoneSql;

    public PersonalDataVault(JdbcTemplate jdbc, PlatformTransactionManager transactions, KeyEncryptionKeys wrapping) {
        this.jdbc = jdbc;
        this.wrapping = wrapping;
        // a new key commits on its own: a command that fails later must not take it along while
        // a concurrent command already sealed data with it
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The value encrypted with the subject's key, made on first use; {@code FORGOTTEN} stays as it is. */
    public String seal(String subject, String value) {
        if (value == null || PersonalData.FORGOTTEN.equals(value)) {
            // re-sealing data already forgotten must not give its subject a new key
            return value;
        }
        Optional<Key> found = currentKey(subject).or(() -> newKey(subject));
        if (found.isEmpty()) {
            // a tombstone: the subject was forgotten, and what is written for them now is not kept
            return PersonalData.FORGOTTEN;
        }
        Key key = found.get();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, nonce, value.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
        return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
    }

    /** Whether the value is one {@link #seal} sealed (not a plain or forgotten one). */
    public boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The plain value of a sealed one, {@code FORGOTTEN} when its key is gone, an unsealed value as it is. */
    public String open(String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        String[] parts = stored.substring(PREFIX.length()).split(":", 2);
        Optional<Key> key = keys(KEY_COLUMNS + " where key_id = ?", parts[0]);
        if (key.isEmpty()) {
            return PersonalData.FORGOTTEN;
        }
        byte[] sealed = Base64.getUrlDecoder().decode(parts[1]);
        byte[] nonce = Arrays.copyOfRange(sealed, 0, NONCE_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key.get(), nonce, ciphertext), StandardCharsets.UTF_8);
    }

    /**
     * Deletes the subject's key and leaves a tombstone: true if there was a key. Nothing sealed with
     * it opens again, and nothing is sealed for the subject again.
     */
    public boolean forget(String subject) {
        // an upsert: two nodes forgetting one subject at once (at start, after a restore) must not fail
        jdbc.update(tombstone(), subject, Timestamp.from(Instant.now()));
        return jdbc.update("delete from personal_data_key where subject = ?", subject) > 0;
    }

    /**
     * Deletes the subject's keys made before an instant, and nothing else: how a forgetting of
     * revision 1 is applied again, when a forgotten login could come back with a new key under the
     * same name (the data they gave after it is theirs).
     */
    boolean forgetKeysMadeBefore(String subject, Instant forgottenAt) {
        return jdbc.update("delete from personal_data_key where subject = ? and created_at < ?", subject,
                Timestamp.from(forgottenAt)) > 0;
    }

    private String tombstone() {
        if (tombstoneSql == null) {
            String database = jdbc.execute((ConnectionCallback<String>) connection ->
                    connection.getMetaData().getDatabaseProductName());
            tombstoneSql = "PostgreSQL".equals(database)
                    ? "insert into forgotten_subject (subject, forgotten_at) values (?, ?) on conflict do nothing"
                    : "merge into forgotten_subject key (subject) values (?, ?)";
        }
        return tombstoneSql;
    }

    public boolean knows(String subject) {
        return currentKey(subject).isPresent();
    }

    /** Whether the subject was forgotten. */
    public boolean forgot(String subject) {
        return !jdbc.queryForList("select subject from forgotten_subject where subject = ?", String.class, subject)
                .isEmpty();
    }

    /**
     * Wraps every data key that the current key-encryption key does not wrap yet (after a rotation,
     * and keys stored unwrapped before envelopes existed) with the current one; the number re-wrapped.
     * Each key is re-wrapped only if nobody changed its row meanwhile, so nodes may do it at once.
     */
    public int rewrap() {
        return rewrap(" where kek_id is null or kek_id <> ?", wrapping.current());
    }

    /**
     * Wraps the keys stored unwrapped before envelopes existed (V9), at start. Keys wrapped by an
     * older key-encryption key wait for {@link #rewrap}: during a rotation another node may not know
     * the current key yet.
     */
    int wrapUnwrappedKeys() {
        return rewrap(" where kek_id is null");
    }

    private int rewrap(String which, Object... arguments) {
        List<StoredKey> stale = jdbc.query(KEY_COLUMNS + which,
                (row, index) -> new StoredKey(row.getString("key_id"), row.getString("kek_id"), row.getString("secret")),
                arguments);
        int rewrapped = 0;
        for (StoredKey key : stale) {
            byte[] secret = unwrapped(key);
            rewrapped += jdbc.update("update personal_data_key set kek_id = ?, secret = ? where key_id = ? and secret = ?",
                    wrapping.current(), wrapping.wrap(key.keyId(), secret), key.keyId(), key.secret());
        }
        if (rewrapped > 0) {
            log.info("Re-wrapped {} personal data keys with the key-encryption key {}", rewrapped, wrapping.current());
        }
        return rewrapped;
    }

    private Optional<Key> currentKey(String subject) {
        return keys(KEY_COLUMNS + " where subject = ?", subject);
    }

    private Optional<Key> keys(String sql, String argument) {
        return jdbc.query(sql, (row, index) -> new StoredKey(row.getString("key_id"), row.getString("kek_id"),
                        row.getString("secret")), argument)
                .stream().findFirst()
                .map(stored -> new Key(stored.keyId(), new SecretKeySpec(unwrapped(stored), "AES")));
    }

    private byte[] unwrapped(StoredKey key) {
        // a key without kek_id was stored before envelopes (V9) and is wrapped at the next start
        return key.kekId() == null ? Base64.getDecoder().decode(key.secret())
                : wrapping.unwrap(key.kekId(), key.keyId(), key.secret());
    }

    /** A new key for the subject, unless the subject is tombstoned. */
    private Optional<Key> newKey(String subject) {
        Key key = new Key(UUID.randomUUID().toString(), generate());
        try {
            int made = ownTransaction.execute(status -> jdbc.update(
                    "insert into personal_data_key (key_id, subject, kek_id, secret, created_at) select ?, ?, ?, ?, ?"
                            + " where not exists (select 1 from forgotten_subject where subject = ?)",
                    key.id(), subject, wrapping.current(), wrapping.wrap(key.id(), key.secret().getEncoded()),
                    Timestamp.from(Instant.now()), subject));
            return made == 1 ? Optional.of(key) : Optional.empty();
        } catch (DuplicateKeyException concurrentlyMade) {
            return Optional.of(currentKey(subject).orElseThrow(() -> concurrentlyMade));
        }
    }

    private static SecretKey generate() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("AES-256 is part of every Java 17 runtime", impossible);
        }
    }

    private static byte[] crypt(int mode, Key key, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(key.id().getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("personal data cannot be "
                    + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened") + " with key " + key.id(), failed);
        }
    }

    private record Key(String id, SecretKey secret) {
    }

    private record StoredKey(String keyId, String kekId, String secret) {
    }
}
