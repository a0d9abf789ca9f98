package io.securemessenger.server.host.delivery;

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
 */
public class SMTPTransport extends com.sun.mail.smtp.SMTPTransport {
    public static final String QUEUE_PROPERTY = "mail.smtp.securemessenger.queue";
    private static final Logger LOGGER = LoggerFactory.getLogger(SMTPTransport.class);
    private static final int MAX_REASON = 300;
    private static final String CHECK_IDENTITY = "mail.smtp.ssl.checkserveridentity";
    private static final String SOCKET_FACTORY = "mail.smtp.ssl.socketFactory.class";

    private final Session session;
    private String host = "?";
    private int port = -1;

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
            return super.protocolConnect(host, port, user, password);
        } catch (MessagingException | RuntimeException e) {
            report(e);
            throw e;
        }
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        try {
            super.sendMessage(message, addresses);
        } catch (MessagingException | RuntimeException e) {
            report(e);
            throw e;
        }
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
