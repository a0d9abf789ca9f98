package io.securemessenger.server.host;

import static org.apache.james.modules.Names.MAILBOXMANAGER_NAME;

import javax.inject.Inject;
import javax.inject.Singleton;
import org.apache.james.adapter.mailbox.ACLUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.MailboxUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.QuotaUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.adapter.mailbox.UserRepositoryAuthorizator;
import org.apache.james.events.EventListener;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.extractor.TextExtractor;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.jpa.quota.JpaCurrentQuotaManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.extractor.JsoupTextExtractor;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.ListeningCurrentQuotaUpdater;
import org.apache.james.mailbox.store.quota.QuotaUpdater;
import org.apache.james.mailbox.store.quota.StoreQuotaManager;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.quota.search.QuotaSearcher;
import org.apache.james.quota.search.scanning.ScanningQuotaSearcher;
import org.apache.james.user.api.UsernameChangeTaskStep;
import org.apache.james.utils.MailboxManagerDefinition;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;

/**
 * Mailboxes on JPA (OpenJPA): messages, flags, subscriptions, annotations and per-user quotas in
 * the database of {@link JpaDatabaseModule}. Search scans the stored messages
 * ({@link SimpleMessageSearchIndex}): no index to keep or rebuild (so no re-indexing task),
 * fast enough for the mailbox sizes a gateway's users keep.
 */
public final class JpaMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JPAMailboxSessionMapperFactory.class).in(Scopes.SINGLETON);
        bind(MailboxSessionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MessageMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MailboxMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(JPAModSeqProvider.class).in(Scopes.SINGLETON);
        bind(ModSeqProvider.class).to(JPAModSeqProvider.class);
        bind(JPAUidProvider.class).in(Scopes.SINGLETON);
        bind(UidProvider.class).to(JPAUidProvider.class);
        bind(JPAId.Factory.class).in(Scopes.SINGLETON);
        bind(MailboxId.Factory.class).to(JPAId.Factory.class);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(AttachmentContentLoader.class).to(JPAAttachmentContentLoader.class);

        bind(OpenJPAMailboxManager.class).in(Scopes.SINGLETON);
        bind(MailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(StoreMailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(MailboxManager.class).annotatedWith(Names.named(MAILBOXMANAGER_NAME)).to(MailboxManager.class);
        bind(MailboxManagerConfiguration.class).toInstance(MailboxManagerConfiguration.DEFAULT);
        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class).addBinding().to(Definition.class);

        bind(StoreSubscriptionManager.class).in(Scopes.SINGLETON);
        bind(SubscriptionManager.class).to(StoreSubscriptionManager.class);
        bind(JVMMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(MailboxPathLocker.class).to(JVMMailboxPathLocker.class);
        bind(SessionProviderImpl.class).in(Scopes.SINGLETON);
        bind(SessionProvider.class).to(SessionProviderImpl.class);
        bind(UserRepositoryAuthenticator.class).in(Scopes.SINGLETON);
        bind(Authenticator.class).to(UserRepositoryAuthenticator.class);
        bind(UserRepositoryAuthorizator.class).in(Scopes.SINGLETON);
        bind(Authorizator.class).to(UserRepositoryAuthorizator.class);
        bind(UnionMailboxACLResolver.class).in(Scopes.SINGLETON);
        bind(MailboxACLResolver.class).to(UnionMailboxACLResolver.class);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);

        bind(SimpleMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(SimpleMessageSearchIndex.class);
        bind(TextExtractor.class).to(JsoupTextExtractor.class);

        bind(DefaultUserQuotaRootResolver.class).in(Scopes.SINGLETON);
        bind(UserQuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootDeserializer.class).to(DefaultUserQuotaRootResolver.class);
        bind(JPAPerUserMaxQuotaManager.class).in(Scopes.SINGLETON);
        bind(MaxQuotaManager.class).to(JPAPerUserMaxQuotaManager.class);
        bind(JpaCurrentQuotaManager.class).in(Scopes.SINGLETON);
        bind(CurrentQuotaManager.class).to(JpaCurrentQuotaManager.class);
        bind(StoreQuotaManager.class).in(Scopes.SINGLETON);
        bind(QuotaManager.class).to(StoreQuotaManager.class);
        bind(ListeningCurrentQuotaUpdater.class).in(Scopes.SINGLETON);
        bind(QuotaUpdater.class).to(ListeningCurrentQuotaUpdater.class);
        bind(ScanningQuotaSearcher.class).in(Scopes.SINGLETON);
        bind(QuotaSearcher.class).to(ScanningQuotaSearcher.class);

        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(ListeningCurrentQuotaUpdater.class);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(MailboxAnnotationListener.class);
        Multibinder<UsernameChangeTaskStep> renames = Multibinder.newSetBinder(binder(), UsernameChangeTaskStep.class);
        renames.addBinding().to(MailboxUsernameChangeTaskStep.class);
        renames.addBinding().to(ACLUsernameChangeTaskStep.class);
        renames.addBinding().to(QuotaUsernameChangeTaskStep.class);
    }

    @Singleton
    private static final class Definition extends MailboxManagerDefinition {
        @Inject
        private Definition(OpenJPAMailboxManager manager) {
            super("jpa-mailboxmanager", manager);
        }
    }
}
