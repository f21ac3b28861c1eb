package dev.tally.account;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The most recently used accounts kept in memory between commands (at most
 * {@code tally.accounts.cache-size}, 10,000 unless configured), so a command on a warm account
 * neither reads its events nor opens the personal data of its {@code AccountOpened} again. The
 * benchmarks (domain-docs/benchmarks.md) found that reload to be most of a deposit's cost.
 *
 * <p>Why it is safe: the account holds no personal data (only the owner's user name, currency,
 * balance and payment ids), so forgetting a customer changes nothing it caches. With several
 * nodes a cached account can be behind another node's append; its next event then collides with
 * the stored one on (aggregate, sequence), the unit of work rolls back, Axon removes the entry on
 * rollback, and the command gateway's retry on conflict reloads it from the store. A cache size
 * of 0 turns caching off.
 */
@Configuration
class AccountCaching {

    static final String NAME = "accountCache";

    @Bean(NAME)
    Cache accountCache(@Value("${tally.accounts.cache-size:10000}") int size) {
        return new LruCache(size);
    }

    /** A bounded least-recently-used map behind Axon's cache interface; entry listeners are not supported. */
    static final class LruCache implements Cache {

        private final Map<Object, Object> entries;

        LruCache(int size) {
            this.entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                    return size() > size;
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <K, V> V get(K key) {
            return (V) entries.get(key);
        }

        @Override
        public synchronized void put(Object key, Object value) {
            entries.put(key, value);
        }

        @Override
        public synchronized boolean putIfAbsent(Object key, Object value) {
            return entries.putIfAbsent(key, value) == null;
        }

        @Override
        public synchronized boolean remove(Object key) {
            return entries.remove(key) != null;
        }

        @Override
        public synchronized void removeAll() {
            entries.clear();
        }

        @Override
        public synchronized boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
            entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
        }

        @Override
        public Registration registerCacheEntryListener(EntryListener listener) {
            throw new UnsupportedOperationException("entry listeners are not supported by the account cache");
        }

        synchronized int size() {
            return entries.size();
        }
    }
}
