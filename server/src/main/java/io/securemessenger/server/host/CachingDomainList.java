package io.securemessenger.server.host;

import com.google.common.cache.Cache;
import java.util.concurrent.ExecutionException;
import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import org.apache.james.core.Domain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.domainlist.jpa.JPADomainList;

/**
 * James' JPA domain list, answering "is this one of our domains?" from memory. James asks it for
 * every recipient of every mail at every processing step (a sealed mail is processed four times), and
 * each answer was a JPA query. A change made here (WebAdmin {@code /domains}) applies to the next
 * mail; one made on another node within {@link HostCaches#EXPIRY}. James' own read cache
 * ({@code read.cache.enable}) is not used: it forgets nothing when a domain is added or removed.
 */
public class CachingDomainList extends JPADomainList {
    private final Cache<Domain, Boolean> known = HostCaches.newCache();

    @Inject
    public CachingDomainList(DNSService dns, EntityManagerFactory entityManagerFactory) {
        super(dns, entityManagerFactory);
    }

    @Override
    protected boolean containsDomainInternal(Domain domain) throws DomainListException {
        try {
            return known.get(domain, () -> super.containsDomainInternal(domain));
        } catch (ExecutionException e) {
            throw HostCaches.unwrap(e, DomainListException.class);
        }
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        HostCaches.changing(known, domain, () -> super.addDomain(domain));
    }

    @Override
    public void doRemoveDomain(Domain domain) throws DomainListException {
        HostCaches.changing(known, domain, () -> super.doRemoveDomain(domain));
    }
}
