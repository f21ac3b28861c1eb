package dev.tally.account;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import dev.tally.shared.DomainRejection;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.caching.NoCache;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * nodes a cached account can be behind another node's append:
 * <ul>
 * <li>a command that appends on it collides with the stored event on (aggregate, sequence), the
 * unit of work rolls back, Axon removes the entry on rollback, and the command gateway's retry on
 * conflict runs the command again on the account loaded from the store;</li>
 * <li>a command that it <em>rejects</em> (insufficient funds, a stale If-Match, closed) appends
 * nothing to collide with, so {@link #decidedAgainOnTheStoredAccount} turns a rejection decided on
 * a cached account into such a conflict: the rollback removes the entry, and the retry decides on
 * the stored account. A rejection decided on a freshly loaded account is final.</li>
 * </ul>
 * A cache size of 0 turns caching off.
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

    /**
     * Runs around every command handler. Only accounts are cached, so a command whose target is in
     * the cache is an account command decided on the cached account.
     */
    @Bean
    MessageHandlerInterceptor<CommandMessage<?>> decidedAgainOnTheStoredAccount(@Qualifier(NAME) Cache accountCache) {
        CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();
        return (unitOfWork, chain) -> {
            boolean cached = targetOf(targets, unitOfWork.getMessage()).map(accountCache::containsKey).orElse(false);
            try {
                return chain.proceed();
            } catch (DomainRejection rejection) {
                if (cached && !(rejection instanceof DomainRejection.InvalidInputRejection)) {
                    throw new RejectedOnCachedState(rejection);
                }
                throw rejection;
            }
        };
    }

    private static Optional<String> targetOf(CommandTargetResolver targets, CommandMessage<?> command) {
        try {
            return Optional.of(targets.resolveTarget(command).getIdentifier());
        } catch (IllegalArgumentException noTarget) {
            // a command that creates its aggregate names no target
            return Optional.empty();
        }
    }

    /** A rejection that the stored account may not justify: retried like a lost race, on the stored account. */
    static class RejectedOnCachedState extends ConcurrencyException {
        RejectedOnCachedState(DomainRejection rejection) {
            super("rejected on a cached account, to be decided again on the stored one: " + rejection.getMessage(),
                    rejection);
        }
    }
}
