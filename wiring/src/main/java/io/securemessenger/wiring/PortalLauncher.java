package io.securemessenger.wiring;

import io.securemessenger.wiring.portal.JamesDirectory;
import io.securemessenger.wiring.portal.PasswordResetMail;
import io.securemessenger.wiring.portal.PortalReplies;
import io.securemessenger.wiring.portal.RetrievalReceipts;
import io.securemessenger.portal.PortalConfig;
import io.securemessenger.portal.PortalServer;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the portal inside James, beside the mailets: same vault, and James to send receipts.
 * Started by {@link SecureMessengerStartable}; a key store that cannot be read or a port in use
 * stops James' start-up with the reason. Ended sessions are cleared every five minutes.
 */
@Singleton
public class PortalLauncher {
    private static final Logger LOGGER = LoggerFactory.getLogger(PortalLauncher.class);

    private final Vault vault;
    private final SecureMessengerConfig config;
    private final RetrievalReceipts receipts;
    private final PortalReplies replies;
    private final PasswordResetMail resets;
    private final JamesDirectory directory;
    private final io.securemessenger.portal.PolicyInForce policy;
    private final io.securemessenger.wiring.portal.OfficerNoticeMail officerNotices;
    private PortalServer server;
    private ScheduledExecutorService cleaner;

    @Inject
    public PortalLauncher(Vault vault, SecureMessengerConfig config, RetrievalReceipts receipts, PortalReplies replies, PasswordResetMail resets,
                          JamesDirectory directory, io.securemessenger.portal.PolicyInForce policy,
                          io.securemessenger.wiring.portal.OfficerNoticeMail officerNotices) {
        this.vault = vault;
        this.config = config;
        this.receipts = receipts;
        this.replies = replies;
        this.resets = resets;
        this.directory = directory;
        this.policy = policy;
        this.officerNotices = officerNotices;
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        // The policy in force, for the officer's console: the configuration James started from.
        PortalConfig portal = config.portal().toBuilder().policy(policy).build();
        server = PortalServer.start(vault, portal, receipts, replies, resets, directory, officerNotices, Clock.systemUTC());
        cleaner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "secure-messenger-portal-sessions");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(() -> {
            try {
                Instant now = Instant.now();
                vault.sessions().deleteExpired(now.minus(portal.idleTimeout()), now.minus(portal.sessionLifetime()));
            } catch (VaultException | RuntimeException e) {
                LOGGER.warn("Clearing ended portal sessions failed: {}", e.getMessage());
            }
        }, 5, 5, TimeUnit.MINUTES);
    }

    /** The port the portal listens on. */
    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    @PreDestroy
    public synchronized void stop() {
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOGGER.warn("The portal did not stop cleanly: {}", e.getMessage());
            }
            server = null;
        }
    }
}
