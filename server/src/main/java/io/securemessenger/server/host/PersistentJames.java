package io.securemessenger.server.host;

import org.apache.james.CoreDataModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * A James 3.8.1 server whose state outlives its process: James' published Guice modules for
 * the mail container, the protocols (SMTP, IMAP, POP3, LMTP, ManageSieve) and WebAdmin, on the
 * persistent stores of this package (JPA data and mailboxes, an ActiveMQ queue; users on JPA or
 * in an LDAP directory). James publishes
 * these building blocks but not their wiring (its JPA app is not on Maven Central).
 *
 * <p>Mailbox-level extras that need stores of their own (JMAP, the deleted-messages vault, James'
 * DLP rules, vacation) are not part of it: Secure Messenger does not use them.
 */
public final class PersistentJames {
    static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new NoJwtModule(),
        new DataRoutesModules(),
        new MailboxRoutesModule(),
        new InconsistencyQuotasSolvingRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule(),
        new SieveRoutesModule());

    static final Module STORES = Modules.combine(
        new JpaDatabaseModule(),
        new CoreDataModule(),
        new JpaDataModule(),
        new MailboxModule(),
        new JpaMailboxModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule(),
        new NaiveDelegationStoreModule(),
        new ActiveMqQueueModule());

    static final Module CONTAINER = Modules.combine(
        new MailetProcessingModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new RawPostDequeueDecoratorModule(),
        new TaskManagerModule());

    private PersistentJames() {
    }

    public static GuiceJamesServer create(Configuration configuration) {
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(CONTAINER, STORES, users(configuration), MemoryJamesServerMain.PROTOCOLS, WEBADMIN)
            .overrideWith(new OneReplySmtpModule());
    }

    /**
     * Users as James' own apps choose them: from the LDAP directory when {@code usersrepository.xml}
     * names an {@code ldapHost} — {@code ldaps://} through James' repository
     * ({@link LdapUsersModule}), {@code ldap://} with StartTLS through ours
     * ({@link StartTlsLdapUsersModule}) — else from JPA.
     */
    static Module users(Configuration configuration) {
        FileConfigurationProvider files = new FileConfigurationProvider(new FileSystemImpl(configuration.directories()), configuration);
        String ldapHost;
        try {
            ldapHost = files.getConfiguration("usersrepository").getString("[@ldapHost]", "").strip().toLowerCase(java.util.Locale.ROOT);
        } catch (org.apache.commons.configuration2.ex.ConfigurationException e) {
            throw new IllegalStateException("usersrepository.xml cannot be read: " + e.getMessage(), e);
        }
        if (ldapHost.isEmpty()) {
            return new JpaUsersModule();
        }
        return ldapHost.startsWith("ldap://") ? new StartTlsLdapUsersModule() : new LdapUsersModule();
    }
}
