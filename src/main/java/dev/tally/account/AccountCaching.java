package dev.tally.account;

import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.caching.NoCache;
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

    /** A cache manager of its own, so that every application context in a JVM (tests) has its own accounts. */
    @Bean(destroyMethod = "close")
    CacheManager accountCacheManager() {
        return Caching.getCachingProvider(CaffeineCachingProvider.class.getName())
                .getCacheManager(URI.create("tally:accounts:" + UUID.randomUUID()),
                        AccountCaching.class.getClassLoader());
    }

    @Bean(NAME)
    Cache accountCache(CacheManager accountCacheManager, @Value("${tally.accounts.cache-size:10000}") long size) {
        if (size <= 0) {
            return NoCache.INSTANCE;
        }
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(size));
        // the aggregate itself, not a serialized copy: Axon locks it for the command that uses it
        configuration.setStoreByValue(false);
        return new JCacheAdapter(accountCacheManager.createCache("accounts", configuration));
    }
}
