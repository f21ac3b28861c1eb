package dev.tally.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;

import javax.cache.CacheManager;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The account cache hands back the very aggregate it was given, is bounded, and caches nothing at size 0. */
class AccountCacheTest {

    private final AccountCaching caching = new AccountCaching();
    private final CacheManager manager = caching.accountCacheManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void a_cached_account_is_the_same_object_not_a_copy() {
        Cache cache = caching.accountCache(manager, 10);
        Object account = new Object(); // not serializable: a copy could not even be made

        cache.put("acc-1", account);

        assertThat((Object) cache.get("acc-1")).isSameAs(account);
    }

    @Test
    void an_entry_removed_on_rollback_is_gone() {
        Cache cache = caching.accountCache(manager, 10);
        cache.put("acc-1", new Object());

        assertThat(cache.remove("acc-1")).isTrue();
        assertThat((Object) cache.get("acc-1")).isNull();
    }

    @Test
    void it_keeps_no_more_accounts_than_its_size() {
        Cache cache = caching.accountCache(manager, 100);
        IntStream.range(0, 1_000).forEach(n -> cache.put("acc-" + n, new Object()));

        // Caffeine evicts in the background, shortly after the writes
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                IntStream.range(0, 1_000).filter(n -> cache.containsKey("acc-" + n)).count())
                .isLessThanOrEqualTo(100));
    }

    @Test
    void size_zero_caches_nothing() {
        assertThat(caching.accountCache(manager, 0)).isSameAs(NoCache.INSTANCE);
    }
}
