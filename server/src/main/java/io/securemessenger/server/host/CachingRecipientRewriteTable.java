package io.securemessenger.server.host;

import com.google.common.cache.Cache;
import java.util.concurrent.ExecutionException;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;

/**
 * James' JPA recipient rewrite table (aliases, forwards, group and domain mappings) reading its
 * mappings from memory. James looks up two or more sources (user, domain) for every recipient at
 * SMTP and at every processing step, each a JPA query. A mapping added or removed here (WebAdmin
 * {@code /address/...}, {@code /mappings}) applies to the next mail; one changed on another node
 * within {@link HostCaches#EXPIRY}. Before a change, the source's mappings are read afresh, so a
 * change never builds on another node's stale mappings.
 */
public class CachingRecipientRewriteTable extends JPARecipientRewriteTable {
    private final Cache<MappingSource, Mappings> stored = HostCaches.newCache();

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        try {
            return stored.get(source, () -> super.getStoredMappings(source));
        } catch (ExecutionException e) {
            throw HostCaches.unwrap(e, RecipientRewriteTableException.class);
        }
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        HostCaches.changing(stored, source, () -> super.addMapping(source, mapping));
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        HostCaches.changing(stored, source, () -> super.removeMapping(source, mapping));
    }
}
