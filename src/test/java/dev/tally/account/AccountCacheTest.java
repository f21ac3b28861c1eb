package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The account cache keeps the most recently used accounts, up to its size, and nothing at size 0. */
class AccountCacheTest {

    @Test
    void the_least_recently_used_account_leaves_first() {
        AccountCaching.LruCache cache = new AccountCaching.LruCache(2);
        cache.put("a", "account a");
        cache.put("b", "account b");
        assertThat((String) cache.get("a")).isEqualTo("account a"); // a is now the most recent
        cache.put("c", "account c");

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).as("least recently used").isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void removed_on_rollback_means_gone() {
        AccountCaching.LruCache cache = new AccountCaching.LruCache(10);
        cache.put("a", "account a");
        assertThat(cache.remove("a")).isTrue();
        assertThat((Object) cache.get("a")).isNull();
    }

    @Test
    void size_zero_caches_nothing() {
        AccountCaching.LruCache cache = new AccountCaching.LruCache(0);
        cache.put("a", "account a");
        assertThat(cache.containsKey("a")).isFalse();
    }
}
