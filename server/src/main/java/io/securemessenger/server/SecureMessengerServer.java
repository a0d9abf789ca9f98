package io.securemessenger.server;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.james.GuiceJamesServer;
import org.apache.james.server.core.configuration.Configuration;
import com.google.inject.Module;
import io.securemessenger.server.host.DroppedErrors;
import io.securemessenger.server.host.PersistentJames;
import io.securemessenger.server.host.delivery.ConnectionCache;

/**
 * A James 3.8.1 server (Guice, persistent stores under the data directory: see
 * {@link PersistentJames}) carrying Secure Messenger's matchers
 * and mailets, configured from {@code james-conf/} and {@link Settings}. What
 * {@code ./secure-messenger run} starts, and what the server-level tests start the same way.
 */
public final class SecureMessengerServer {
    private final Settings settings;
    private final GuiceJamesServer james;

    private SecureMessengerServer(Settings settings, GuiceJamesServer james) {
        this.settings = settings;
        this.james = james;
    }

    /** Prepares the data directory and configuration; nothing listens until {@link #start()}. */
    public static SecureMessengerServer prepare(Settings settings, Module... overrides) throws IOException {
        // LDAPS checks that the directory's certificate names the host (UnboundID does not by default);
        // read once, when James' LDAP repository first builds its connection options.
        System.setProperty("com.unboundid.ldap.sdk.LDAPConnectionOptions.defaultVerifyCertificateHostnames", "true");
        // First: every TLS client created from here on (JavaMail, LDAP, PostgreSQL) trusts these CAs.
        if (settings.trustStore().isPresent()) {
            TrustStore.install(settings.trustStore().get());
        }
        DataDirectory.createPrivateDirectory(settings.dataDir());
        String keystorePassword = TlsKeystore.ensure(settings.dataDir());
        new ConfRenderer(settings, keystorePassword).render();
        Configuration configuration = Configuration.builder()
            .workingDirectory(settings.dataDir().toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://conf/"))
            .build();
        GuiceJamesServer james = PersistentJames.create(configuration).overrideWith(overrides);
        return new SecureMessengerServer(settings, james);
    }

    public SecureMessengerServer start() throws Exception {
        DroppedErrors.install();
        james.start();
        return this;
    }

    public void stop() {
        james.stop();
        // The open connections to next hops that deliveries keep for the next (SMTPTransport).
        ConnectionCache.SHARED.closeAll();
    }

    public boolean isStarted() {
        return james.isStarted();
    }

    /** The underlying James server, for probes in tests and WebAdmin-less administration. */
    public GuiceJamesServer james() {
        return james;
    }

    public Settings settings() {
        return settings;
    }

    public Path dataDir() {
        return settings.dataDir();
    }
}
