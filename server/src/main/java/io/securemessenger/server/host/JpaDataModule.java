package io.securemessenger.server.host;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryFactory;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * James' data on JPA: domains and recipient rewrites (both read from memory, see
 * {@link CachingDomainList}), Sieve scripts and the {@code jpa://}
 * mail repositories (error, relay-denied, notifier replies, ...). Each store is configured from
 * its usual file ({@code domainlist.xml}, {@code recipientrewritetable.xml})
 * when James initialises. Users: {@link JpaUsersModule}, or LDAP.
 */
public final class JpaDataModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CachingDomainList.class).in(Scopes.SINGLETON);
        bind(JPADomainList.class).to(CachingDomainList.class);
        bind(DomainList.class).to(CachingDomainList.class);

        bind(CachingRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(JPARecipientRewriteTable.class).to(CachingRecipientRewriteTable.class);
        bind(RecipientRewriteTable.class).to(CachingRecipientRewriteTable.class);
        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);
        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);

        bind(JPASieveRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(JPASieveRepository.class);
        bind(SieveQuotaRepository.class).to(JPASieveRepository.class);

        bind(JPAMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(JPAMailRepositoryUrlStore.class);
        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(ImmutableList.of(new Protocol("jpa")),
                JPAMailRepository.class.getName(), new BaseHierarchicalConfiguration()));
        Multibinder.newSetBinder(binder(), MailRepositoryFactory.class).addBinding().to(JPAMailRepositoryFactory.class);
    }

    @ProvidesIntoSet
    InitializationOperation domains(DomainListConfiguration configuration, CachingDomainList domains) {
        // The class James provisioned: an operation for a superclass would run only after the mail is flowing.
        return InitilizationOperationBuilder.forClass(CachingDomainList.class).init(() -> domains.configure(configuration));
    }

    @ProvidesIntoSet
    InitializationOperation rewrites(ConfigurationProvider configuration, CachingRecipientRewriteTable rewrites) {
        return InitilizationOperationBuilder.forClass(CachingRecipientRewriteTable.class)
            .init(() -> rewrites.configure(configuration.getConfiguration("recipientrewritetable")));
    }
}
