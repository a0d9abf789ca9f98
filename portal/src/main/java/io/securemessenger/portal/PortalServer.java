package io.securemessenger.portal;

import io.securemessenger.portal.account.PasswordHasher;
import io.securemessenger.portal.officer.RecoveryCodes;
import io.securemessenger.portal.officer.Totp;
import io.securemessenger.vault.Vault;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's HTTPS listener, on the Jetty 9.4 that James already runs for WebAdmin. There is no
 * plain HTTP listener at all; TLS 1.2 and 1.3 with AEAD ciphers only, with the certificate from a PKCS#12 key store.
 */
public final class PortalServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(PortalServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final ExecutorService background;

    private PortalServer(Server jetty, ServerConnector connector, ExecutorService background) {
        this.jetty = jetty;
        this.connector = connector;
        this.background = background;
    }

    /** Starts the portal; a key store that cannot be read or a port in use fails here. */
    public static PortalServer start(Vault vault, PortalConfig config, Receipts receipts, Replies replies, ResetMail resets,
                                     InternalDirectory directory, OfficerNotices officerNotices, Clock clock)
        throws Exception {
        Server jetty = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(config.keystore().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(new String(config.keystorePassword()));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // AEAD ciphers only: no CBC suite, on top of Jetty's own exclusions (MD5, SHA-1, RSA key exchange, ...).
        tls.addExcludeCipherSuites(".*_CBC_.*");
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The self-signed default names localhost and this host; operators may put the portal behind any name.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        Pages pages = new Pages(config);
        ErrorPages errors = new ErrorPages(pages);
        jetty.setErrorHandler(errors);
        context.setErrorHandler(errors);
        // Work done after the answer (password-reset mail), one task at a time.
        ExecutorService background = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "secure-messenger-portal-background");
            thread.setDaemon(true);
            return thread;
        });
        ServletHolder servlet = new ServletHolder(portal(vault, config, receipts, replies, resets, directory, officerNotices, clock, pages, background));
        // Replies' attachments stay in memory (never an unencrypted temporary file): the threshold is the limit.
        int limit = (int) Math.min(Integer.MAX_VALUE, config.maxReplyBytes() + 1024 * 1024);
        servlet.getRegistration().setMultipartConfig(new javax.servlet.MultipartConfigElement(
            System.getProperty("java.io.tmpdir"), config.maxReplyBytes(), limit, limit));
        context.addServlet(servlet, "/*");
        context.setMaxFormContentSize(limit);
        jetty.setHandler(context);
        jetty.setStopAtShutdown(false);
        jetty.start();
        LOGGER.info("Portal listening on https://{}:{}", config.host(), connector.getLocalPort());
        return new PortalServer(jetty, connector, background);
    }

    /** The portal's parts, wired once: the cross-cutting ones, then a routes class per resource. */
    private static PortalServlet portal(Vault vault, PortalConfig config, Receipts receipts, Replies replies, ResetMail resets,
                                        InternalDirectory directory, OfficerNotices officerNotices, Clock clock, Pages pages, Executor background) {
        Sessions sessions = new Sessions(vault.sessions(), config, clock);
        Accounts accounts = new Accounts(vault, config, clock);
        Access access = new Access(vault);
        Threads threads = new Threads(vault, pages);
        PasswordHasher hasher = new PasswordHasher();
        SignInThrottle throttle = new SignInThrottle(vault);
        MessageRoutes messages = new MessageRoutes(vault, config, sessions, accounts, access, threads, receipts, clock);
        SentItemsRoutes sent = new SentItemsRoutes(vault, access, threads, clock);
        OfficerMessageRoutes officerMessages = new OfficerMessageRoutes(vault, access, clock);
        Router router = new Router();
        // Home: a sender's Sent Items, a recipient's inbox.
        router.get("/", exchange -> {
            if (exchange.visit().isSender()) {
                sent.list(exchange);
            } else {
                messages.inbox(exchange);
            }
        });
        List.of(new SignInRoutes(vault, config, sessions, accounts, throttle, directory, hasher, clock),
                new RegistrationRoutes(vault, sessions, accounts, hasher, clock),
                new ResetRoutes(vault, config, sessions, accounts, resets, hasher, clock, background, throttle),
                messages,
                new ReplyRoutes(vault, config, access, threads, messages, replies, clock),
                sent,
                new OfficerSignInRoutes(vault, config, sessions, throttle, new Totp(), new RecoveryCodes(), clock),
                new OfficerRoutes(vault, access, clock),
                officerMessages,
                new OfficerEmergencyRoutes(vault, officerMessages, threads, config, directory, officerNotices, clock),
                new OfficerResendRoutes(vault, officerMessages, threads, new NotificationResender(vault, officerNotices, config.publicUrl(), clock)),
                new OfficerIncidentRoutes(vault, access),
                new OfficerPolicyRoutes(vault, access, config.policy()),
                new OfficerReportRoutes(vault, access, clock))
            .forEach(routes -> routes.define(router));
        return new PortalServlet(router, sessions, pages, config);
    }

    /** The port it listens on (useful when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public void stop() throws Exception {
        jetty.stop();
        background.shutdown();
        background.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Waits until the work handed to the background before now is done (tests look at its results). */
    void finishBackgroundWork() throws Exception {
        background.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }
}
