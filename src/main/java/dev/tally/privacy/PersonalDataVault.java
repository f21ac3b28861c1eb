package dev.tally.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DuplicateKeyException;
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
 * value. Keys live in {@code personal_data_key}, outside the event store, one per customer at a
 * time; {@link #forget} deletes a customer's key, after which every value sealed with it opens as
 * {@link PersonalData#FORGOTTEN}, in read models, replays and temporal queries alike. What the
 * customer gives later is sealed with a new key. Values stored before encryption existed (no
 * prefix) read as they are.
 */
@Component
public class PersonalDataVault {

    private static final String PREFIX = "pii:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataVault(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
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
        Key key = currentKey(subject).orElseGet(() -> newKey(subject));
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, nonce, value.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
        return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
    }

    /** The plain value of a sealed one, {@code FORGOTTEN} when its key is gone, an unsealed value as it is. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        String[] parts = stored.substring(PREFIX.length()).split(":", 2);
        Optional<Key> key = keys("select key_id, secret from personal_data_key where key_id = ?", parts[0]);
        if (key.isEmpty()) {
            return PersonalData.FORGOTTEN;
        }
        byte[] sealed = Base64.getUrlDecoder().decode(parts[1]);
        byte[] nonce = Arrays.copyOfRange(sealed, 0, NONCE_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key.get(), nonce, ciphertext), StandardCharsets.UTF_8);
    }

    /** Deletes the subject's key; true if there was one. Nothing sealed with it opens again. */
    public boolean forget(String subject) {
        return jdbc.update("delete from personal_data_key where subject = ?", subject) > 0;
    }

    public boolean knows(String subject) {
        return currentKey(subject).isPresent();
    }

    private Optional<Key> currentKey(String subject) {
        return keys("select key_id, secret from personal_data_key where subject = ?", subject);
    }

    private Optional<Key> keys(String sql, String argument) {
        return jdbc.query(sql, (row, index) -> new Key(row.getString("key_id"),
                        new SecretKeySpec(Base64.getDecoder().decode(row.getString("secret")), "AES")), argument)
                .stream().findFirst();
    }

    private Key newKey(String subject) {
        Key key = new Key(UUID.randomUUID().toString(), generate());
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "insert into personal_data_key (key_id, subject, secret, created_at) values (?, ?, ?, ?)",
                    key.id(), subject, Base64.getEncoder().encodeToString(key.secret().getEncoded()),
                    Timestamp.from(Instant.now())));
            return key;
        } catch (DuplicateKeyException concurrentlyMade) {
            return currentKey(subject).orElseThrow(() -> concurrentlyMade);
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
}
