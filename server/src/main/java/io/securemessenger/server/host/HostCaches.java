package io.securemessenger.server.host;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/** The in-memory caches of James' look-up tables ({@link CachingDomainList}, {@link CachingRecipientRewriteTable}). */
final class HostCaches {
    /** How long an answer is kept: the longest a change made on another node goes unseen here. */
    static final Duration EXPIRY = Duration.ofSeconds(10);

    private HostCaches() {
    }

    static <K, V> Cache<K, V> newCache() {
        return CacheBuilder.newBuilder().expireAfterWrite(EXPIRY).maximumSize(100_000).build();
    }

    /** A change to the table behind a cache. */
    interface Change<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs {@code change} to {@code key}'s entry with the key forgotten before (so the change reads the
     * table, not another node's stale answer) and after (so the next mail sees it), even when it fails.
     */
    static <K, E extends Exception> void changing(Cache<K, ?> cache, K key, Change<E> change) throws E {
        cache.invalidate(key);
        try {
            change.run();
        } finally {
            cache.invalidate(key);
        }
    }

    /** The look-up's own exception, as the table's callers expect it. */
    static <E extends Exception> E unwrap(ExecutionException e, Class<E> type) {
        Throwable cause = e.getCause();
        if (type.isInstance(cause)) {
            return type.cast(cause);
        }
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        throw new IllegalStateException(cause);
    }
}
