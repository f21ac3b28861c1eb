package dev.tally.privacy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who a customer is inside Tally: a pseudonymous subject id, not their login. Events, their
 * metadata, read models, keys, Kafka messages and dead letters name the subject; only the table
 * {@code customer_pseudonym} links it to a login, and forgetting the customer deletes that link
 * (with their key), so nothing left in the database or downstream names them. A login that comes
 * back after being forgotten is a new customer with a new subject.
 *
 * <p>Customers who existed before pseudonyms have their login as their subject (V9): their stored
 * events name them so. Lookups are cached for a minute per node: a customer forgotten on another
 * node may act under their old subject for that long, and what they give then is sealed for a
 * tombstoned subject, i.e. not kept ({@link PersonalDataVault}).
 */
@Component
public class Pseudonyms {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Cache<String, String> subjects = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public Pseudonyms(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // a new pseudonym commits on its own, like a new key: a command that fails must not take it along
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The login's subject id, made on its first use. */
    public String subjectOf(String login) {
        return subjects.get(normal(login), name -> known(name).orElseGet(() -> newSubject(name)));
    }

    /** The login's subject id if it has one; never makes one. */
    public Optional<String> knownSubjectOf(String login) {
        return known(normal(login));
    }

    /** Deletes the link from a login to its subject: true if there was one. */
    boolean forget(String login) {
        subjects.invalidate(normal(login));
        return jdbc.update("delete from customer_pseudonym where login = ?", normal(login)) > 0;
    }

    /** A login as the user store matches it: Alice and alice are one customer. */
    static String normal(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    /** Deletes whatever link to this subject is left (a restored backup's); true if there was one. */
    boolean forgetSubject(String subject) {
        subjects.invalidateAll();
        return jdbc.update("delete from customer_pseudonym where subject = ?", subject) > 0;
    }

    private Optional<String> known(String login) {
        return jdbc.queryForList("select subject from customer_pseudonym where login = ?", String.class, login)
                .stream().findFirst();
    }

    private String newSubject(String login) {
        String subject = UUID.randomUUID().toString();
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "insert into customer_pseudonym (login, subject, created_at) values (?, ?, ?)",
                    login, subject, Timestamp.from(Instant.now())));
            return subject;
        } catch (DuplicateKeyException concurrentlyMade) {
            return known(login).orElseThrow(() -> concurrentlyMade);
        }
    }
}
