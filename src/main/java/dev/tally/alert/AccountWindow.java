package dev.tally.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * What the {@code alerts} processor keeps of one rule's window over one account
 * ({@link SlidingWindow.State}): written in the processor's transaction, so it commits with the
 * token, and a restart finds the window as the last handled event left it.
 */
@Entity
@Table(name = "alert_window")
class AccountWindow implements Persistable<String> {

    @Id
    @Column(name = "window_id", length = 80)
    private String windowId;
    @Column(nullable = false, length = 40)
    private String rule;
    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;
    @Column(name = "latest_event_at")
    private Instant latest;
    @Column(name = "in_excess", nullable = false)
    private boolean inExcess;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "alert_window_entry", joinColumns = @JoinColumn(name = "window_id"))
    private Set<StoredEntry> entries = new HashSet<>();

    /** Whether the row is in the table: its id is assigned, so Spring Data cannot tell by itself. */
    @Transient
    private boolean stored;

    AccountWindow() {
        // for JPA
    }

    AccountWindow(AlertRule rule, String accountId) {
        this.windowId = idOf(rule, accountId);
        this.rule = rule.ruleName();
        this.accountId = accountId;
    }

    static String idOf(AlertRule rule, String accountId) {
        return rule.ruleName() + "/" + accountId;
    }

    SlidingWindow.State state() {
        return new SlidingWindow.State(entries.stream().map(StoredEntry::entry)
                .sorted(Comparator.comparing(SlidingWindow.Entry::at)).toList(), latest, inExcess);
    }

    /** Keeps the state; entries that stay are not written again (the set changes by difference). */
    void keep(SlidingWindow.State state) {
        Set<StoredEntry> now = new HashSet<>();
        state.entries().forEach(entry -> now.add(StoredEntry.of(entry)));
        entries.retainAll(now);
        entries.addAll(now);
        latest = state.latest();
        inExcess = state.inExcess();
    }

    @Override
    public String getId() {
        return windowId;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }

    /** An event in the window, as a row of {@code alert_window_entry}. */
    @Embeddable
    static class StoredEntry {

        @Column(name = "event_id", nullable = false, length = 36)
        private String eventId;
        @Column(name = "event_at", nullable = false)
        private Instant at;
        @Column(nullable = false, precision = 22, scale = 4)
        private BigDecimal amount;

        StoredEntry() {
            // for JPA
        }

        static StoredEntry of(SlidingWindow.Entry entry) {
            StoredEntry stored = new StoredEntry();
            stored.eventId = entry.eventId();
            stored.at = entry.at();
            stored.amount = entry.amount();
            return stored;
        }

        SlidingWindow.Entry entry() {
            return new SlidingWindow.Entry(eventId, at, amount);
        }

        // an entry is its event: the same event is one entry, whatever scale its amount was read back with
        @Override
        public boolean equals(Object other) {
            return other instanceof StoredEntry entry && eventId.equals(entry.eventId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(eventId);
        }
    }
}
