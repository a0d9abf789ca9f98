package io.securemessenger.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import io.securemessenger.mailets.DelayedNotificationReporter;
import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.mailets.retention.RetentionSweeper;
import io.securemessenger.mailets.notification.Branding;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.smtp.NotifierMailbox;
import io.securemessenger.smtp.StorageLimits;
import io.securemessenger.wiring.portal.JamesDirectory;
import io.securemessenger.wiring.portal.PasswordResetMail;
import io.securemessenger.wiring.portal.PortalReplies;
import io.securemessenger.wiring.portal.RetrievalReceipts;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.MailetContext;

/**
 * The composition root: binds what Secure Messenger's mailets, SMTP hooks and portal need: the vault (opened once, at start-up, so a missing
 * key or database stops the server with a clear message), the notification templates and the
 * configuration. Listed in {@code extensions.properties} as {@code guice.extension.module}.
 */
public class SecureMessengerModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(RetentionSweeper.class).in(Scopes.SINGLETON);
        bind(DelayedNotificationReporter.class).in(Scopes.SINGLETON);
        bind(BackgroundJobs.class).in(Scopes.SINGLETON);
        bind(RetrievalReceipts.class).in(Scopes.SINGLETON);
        bind(PortalReplies.class).in(Scopes.SINGLETON);
        bind(PasswordResetMail.class).in(Scopes.SINGLETON);
        bind(JamesDirectory.class).in(Scopes.SINGLETON);
        bind(io.securemessenger.wiring.portal.OfficerNoticeMail.class).in(Scopes.SINGLETON);
        bind(PortalLauncher.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    SecureMessengerConfig config(PropertiesProvider properties, FileSystem fileSystem) throws IOException, ConfigurationException {
        return SecureMessengerConfig.from(properties.getConfiguration("secure-messenger"), fileSystem.getBasedir().toPath());
    }

    /** The compliance officers' group of the directory ({@code officers.group}), or none. */
    @Provides
    @Singleton
    io.securemessenger.wiring.portal.OfficerGroup officerGroup(SecureMessengerConfig config,
                                                               org.apache.james.server.core.configuration.ConfigurationProvider configurations)
        throws ConfigurationException {
        if (config.officersGroup().isEmpty()) {
            return io.securemessenger.wiring.portal.OfficerGroup.none();
        }
        return io.securemessenger.wiring.portal.OfficerGroup.of(configurations.getConfiguration("usersrepository"), config.officersGroup().get());
    }

    /** The policy in force, read once from the configuration James started from (the officer's console prints it). */
    @Provides
    @Singleton
    io.securemessenger.portal.PolicyInForce policy(SecureMessengerConfig config, FileSystem fileSystem) throws IOException {
        return PolicyReader.read(fileSystem.getFile("file://conf/").toPath(), config);
    }

    @Provides
    @Singleton
    SecurePathSettings securePath(SecureMessengerConfig config) {
        return config.securePath();
    }

    @Provides
    @Singleton
    StorageLimits storageLimits(SecureMessengerConfig config) {
        return config.storageLimits();
    }

    @Provides
    @Singleton
    NotifierMailbox notifierMailbox(SecurePathSettings settings, MailetContext mailetContext) {
        // Asked per address: the postmaster (the notifier without notifier.address) is known once James has configured its context.
        return address -> Outbox.notifier(mailetContext, settings).matches(address);
    }

    @Provides
    @Singleton
    Vault vault(SecureMessengerConfig config) throws VaultException {
        Vault vault = Vault.open(config.vault(), Clock.systemUTC());
        config.auditSyslog().ifPresent(receiver -> {
            int colon = receiver.lastIndexOf(':');
            try {
                io.securemessenger.wiring.audit.SyslogForwarder forwarder = new io.securemessenger.wiring.audit.SyslogForwarder(
                    receiver.substring(0, colon), Integer.parseInt(receiver.substring(colon + 1)),
                    javax.net.ssl.SSLContext.getDefault().getSocketFactory(), java.net.InetAddress.getLocalHost().getHostName());
                vault.audit().addListener(forwarder::accept);
            } catch (java.security.NoSuchAlgorithmException | java.net.UnknownHostException e) {
                throw new IllegalStateException("The audit trail cannot be forwarded to " + receiver + ": " + e.getMessage(), e);
            }
        });
        // Derby is crash-safe; closing it cleanly at exit only spares a recovery at the next start.
        Runtime.getRuntime().addShutdownHook(new Thread(vault::close, "secure-messenger-vault-close"));
        return vault;
    }

    @Provides
    @Singleton
    NotificationTemplates templates(SecureMessengerConfig config, FileSystem fileSystem, DomainList domains)
        throws IOException, DomainListException {
        String from = config.notifierAddress().orElse("postmaster@" + domains.getDefaultDomain().asString());
        Branding branding = Branding.of(config.organisation(), config.colour(), from, config.portalAddress());
        return NotificationTemplates.load(fileSystem.getFile("file://conf/notification-templates").toPath(), branding);
    }
}
