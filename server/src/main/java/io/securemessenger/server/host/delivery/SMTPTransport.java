package io.securemessenger.server.host.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * JavaMail's SMTP transport, saying why a delivery attempt failed: one WARN line per attempt and
 * server tried, naming the mail (James' name for it), the queue, the next hop and the reason — TLS
 * refused, a certificate untrusted or for another name, a refused recipient — never content, and with
 * mail addresses left out of the reason. James' RemoteDelivery logs such failures at INFO or DEBUG, or
 * not at all. The embedded host's RemoteDelivery mailets use it ({@code mail.smtp.class}); each names
 * its queue in {@value #QUEUE_PROPERTY}.
 *
 * <p>Its simple name is JavaMail's on purpose: James' {@code MailDelivrerToHost.shouldAdapt} converts
 * every mail to 7 bit, re-parsing its MIME, for any transport class whose name does not end in
 * {@code .SMTPTransport}; under another name a malformed Content-Type that the stock transport sends
 * as it is would fail every attempt.
 *
 * <p>It also keeps connections open between deliveries to the same next hop ({@link ConnectionCache}):
 * instead of connecting, it takes a cached connection with the same settings when there is one, and
 * instead of QUIT it gives the connection back after a successful delivery. Its own socket then stays
 * unused; every command goes over the cached connection. {@value #REUSE_MESSAGES} (default
 * {@value #DEFAULT_REUSE_MESSAGES}; 1 turns reuse off), {@value #REUSE_IDLE} (seconds, default
 * {@value #DEFAULT_REUSE_IDLE}) and {@value #REUSE_LIFETIME} (seconds, default
 * {@value #DEFAULT_REUSE_LIFETIME}) set the limits, per RemoteDelivery mailet.
 */
public class SMTPTransport extends com.sun.mail.smtp.SMTPTransport {
    public static final String QUEUE_PROPERTY = "mail.smtp.securemessenger.queue";
    private static final Logger LOGGER = LoggerFactory.getLogger(SMTPTransport.class);
    private static final int MAX_REASON = 300;
    private static final String CHECK_IDENTITY = "mail.smtp.ssl.checkserveridentity";
    private static final String SOCKET_FACTORY = "mail.smtp.ssl.socketFactory.class";
    public static final String REUSE_MESSAGES = "mail.smtp.securemessenger.reuse.messages";
    public static final String REUSE_IDLE = "mail.smtp.securemessenger.reuse.idle";
    public static final String REUSE_LIFETIME = "mail.smtp.securemessenger.reuse.lifetime";
    static final int DEFAULT_REUSE_MESSAGES = 20;
    static final int DEFAULT_REUSE_IDLE = 5;
    static final int DEFAULT_REUSE_LIFETIME = 300;
    /** Set per mail by James; the only property a cached connection takes from each delivery. */
    private static final String ENVELOPE_FROM = "mail.smtp.from";

    private final Session session;
    private final ConnectionCache cache = ConnectionCache.SHARED;
    private String host = "?";
    private int port = -1;
    /** The cached connection this delivery uses, or null when it uses its own socket. */
    private ConnectionCache.Connection cached;
    private String cacheKey;
    private boolean failed;

    public SMTPTransport(Session session, URLName urlname) {
        super(session, urlname);
        this.session = session;
        verifyIdentityWithTheJdk(session.getProperties());
    }

    /**
     * Where RemoteDelivery asks to verify the server's identity ({@code verifyServerIdentity}), the
     * JDK checks it during the handshake ({@link IdentityCheckingSocketFactory}), IP addresses too;
     * JavaMail's own check, which cannot on Java 17, is then not needed. The properties are this
     * delivery's (James resets them after each), so this is set again for every attempt.
     */
    static void verifyIdentityWithTheJdk(java.util.Properties properties) {
        if (Boolean.parseBoolean(properties.getProperty(CHECK_IDENTITY))) {
            properties.setProperty(SOCKET_FACTORY, IdentityCheckingSocketFactory.class.getName());
            properties.setProperty(CHECK_IDENTITY, "false");
        }
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        this.host = host;
        this.port = port;
        try {
            ConnectionCache.Limits limits = limits(session.getProperties());
            if (!limits.reuse()) {
                return super.protocolConnect(host, port, user, password);
            }
            cacheKey = key(host, port, user, password);
            cached = cache.take(cacheKey);
            if (cached == null) {
                cached = open(host, port, user, password, limits);
            }
            return true;
        } catch (MessagingException | RuntimeException e) {
            report(e);
            throw e;
        }
    }

    /** A new connection of JavaMail's own transport, with a copy of this delivery's settings. */
    private ConnectionCache.Connection open(String host, int port, String user, String password, ConnectionCache.Limits limits)
        throws MessagingException {
        Properties own = new Properties();
        Properties mine = session.getProperties();
        for (String name : mine.stringPropertyNames()) {
            own.setProperty(name, mine.getProperty(name));
        }
        Session connectionSession = Session.getInstance(own);
        com.sun.mail.smtp.SMTPTransport transport = new com.sun.mail.smtp.SMTPTransport(connectionSession,
            new URLName("smtp", host, port, null, user, null));
        transport.setLocalHost(getLocalHost());
        transport.connect(host, port, user, password);
        return cache.opened(transport, connectionSession, limits);
    }

    /** What a cached connection must share with a delivery: next hop, user, HELO name and every setting but the sender. */
    private String key(String host, int port, String user, String password) {
        Properties properties = session.getProperties();
        StringBuilder key = new StringBuilder().append(host).append(':').append(port).append('|').append(user)
            .append('|').append(Objects.hashCode(password)).append('|').append(getLocalHost());
        new TreeSet<>(properties.stringPropertyNames()).stream().filter(name -> !name.equals(ENVELOPE_FROM))
            .forEach(name -> key.append('|').append(name).append('=').append(properties.getProperty(name)));
        return key.toString();
    }

    static ConnectionCache.Limits limits(Properties properties) {
        return new ConnectionCache.Limits(intProperty(properties, REUSE_MESSAGES, DEFAULT_REUSE_MESSAGES),
            Duration.ofSeconds(intProperty(properties, REUSE_IDLE, DEFAULT_REUSE_IDLE)),
            Duration.ofSeconds(intProperty(properties, REUSE_LIFETIME, DEFAULT_REUSE_LIFETIME)));
    }

    private static int intProperty(Properties properties, String name, int otherwise) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value.strip() + "'", e);
        }
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        try {
            if (cached == null) {
                super.sendMessage(message, addresses);
                return;
            }
            String from = session.getProperty(ENVELOPE_FROM);
            if (from == null) {
                cached.session.getProperties().remove(ENVELOPE_FROM);
            } else {
                cached.session.getProperties().setProperty(ENVELOPE_FROM, from);
            }
            cached.transport.sendMessage(message, addresses);
            cached.messages++;
        } catch (MessagingException | RuntimeException e) {
            failed = true;
            report(e);
            throw e;
        }
    }

    @Override
    public synchronized boolean supportsExtension(String extension) {
        return cached == null ? super.supportsExtension(extension) : cached.transport.supportsExtension(extension);
    }

    @Override
    public synchronized String getExtensionParameter(String extension) {
        return cached == null ? super.getExtensionParameter(extension) : cached.transport.getExtensionParameter(extension);
    }

    @Override
    public synchronized String getLastServerResponse() {
        return cached == null ? super.getLastServerResponse() : cached.transport.getLastServerResponse();
    }

    @Override
    public synchronized int getLastReturnCode() {
        return cached == null ? super.getLastReturnCode() : cached.transport.getLastReturnCode();
    }

    @Override
    public synchronized boolean isConnected() {
        // With a cached connection this transport's own socket is unused: JavaMail's NOOP on it would fail.
        return cached != null || super.isConnected();
    }

    /** Gives a cached connection back after a successful delivery; ends it with QUIT after a failed one. */
    @Override
    public synchronized void close() throws MessagingException {
        ConnectionCache.Connection connection = cached;
        cached = null;
        if (connection != null) {
            if (failed) {
                ConnectionCache.quit(connection);
            } else {
                cache.giveBack(cacheKey, connection);
            }
        }
        super.close();
    }

    private void report(Exception e) {
        String port = this.port > 0 ? String.valueOf(this.port) : String.valueOf(getLocalPortOrDefault());
        LOGGER.warn("Delivery attempt of mail {} from queue {} to {}:{} failed: {}", String.valueOf(MDC.get("mail")),
            session.getProperty(QUEUE_PROPERTY) == null ? "?" : session.getProperty(QUEUE_PROPERTY), host, port, reason(e));
    }

    private int getLocalPortOrDefault() {
        String configured = session.getProperty("mail.smtp.port");
        return configured == null ? 25 : Integer.parseInt(configured.strip());
    }

    /** The exception's message and its root cause's, addresses left out, on one line. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e && e instanceof MessagingException && ((MessagingException) e).getNextException() != null) {
            root = ((MessagingException) e).getNextException();
        }
        String text = String.valueOf(e.getMessage()) + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
        text = text.replaceAll("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+", "<address>").replaceAll("[\\r\\n\\t]+", " ").strip();
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON - 1) + "…" : text;
    }
}
