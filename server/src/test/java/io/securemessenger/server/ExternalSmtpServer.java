package io.securemessenger.server;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Stands in for the mail servers outside the organisation (and the internal smarthost): accepts
 * mail only after STARTTLS, with a certificate for {@code localhost}, and records what arrives.
 */
final class ExternalSmtpServer implements AutoCloseable {
    /** One accepted delivery: envelope and the message as received. */
    static final class Received {
        final String envelopeFrom;
        final String envelopeTo;
        final MimeMessage message;
        final String raw;

        Received(String envelopeFrom, String envelopeTo, byte[] data) throws Exception {
            this.envelopeFrom = envelopeFrom;
            this.envelopeTo = envelopeTo;
            this.raw = new String(data, java.nio.charset.StandardCharsets.UTF_8);
            this.message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
        }
    }

    private final SMTPServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> deferred = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger endedSessions = new java.util.concurrent.atomic.AtomicInteger();

    /** A server that requires STARTTLS, with the given certificate. */
    ExternalSmtpServer(int port, javax.net.ssl.SSLContext tls) {
        this(SMTPServer.port(port).enableTLS().requireTLS().startTlsSocketFactory(tls));
    }

    /** As {@link #ExternalSmtpServer(int, javax.net.ssl.SSLContext)}, ending any connection idle for {@code idleTimeout}. */
    ExternalSmtpServer(int port, javax.net.ssl.SSLContext tls, java.time.Duration idleTimeout) {
        this(SMTPServer.port(port).enableTLS().requireTLS().startTlsSocketFactory(tls).connectionTimeoutMs((int) idleTimeout.toMillis()));
    }

    /** A server that offers no STARTTLS at all and accepts mail in clear. */
    static ExternalSmtpServer withoutTls(int port) {
        return new ExternalSmtpServer(SMTPServer.port(port));
    }

    private ExternalSmtpServer(SMTPServer.Builder builder) {
        this.server = builder
            .hostName("localhost")
            .bindAddress(java.net.InetAddress.getLoopbackAddress())
            .sessionHandler(new org.subethamail.smtp.server.SessionHandler() {
                @Override
                public org.subethamail.smtp.server.SessionHandler.SessionAcceptance accept(org.subethamail.smtp.server.Session session) {
                    sessions.incrementAndGet();
                    return org.subethamail.smtp.server.SessionHandler.SessionAcceptance.success();
                }

                @Override
                public void onSessionEnd(org.subethamail.smtp.server.Session session) {
                    endedSessions.incrementAndGet();
                }
            })
            .messageHandlerFactory(context -> new org.subethamail.smtp.MessageHandler() {
                private String from;
                private final List<String> to = new java.util.ArrayList<>();

                @Override
                public void from(String sender) {
                    from = sender;
                }

                @Override
                public void recipient(String recipient) throws org.subethamail.smtp.RejectException {
                    if (refused.contains(recipient)) {
                        throw new org.subethamail.smtp.RejectException(550, "5.1.1 <" + recipient + ">: mailbox unavailable");
                    }
                    if (deferred.contains(recipient)) {
                        throw new org.subethamail.smtp.RejectException(451, "4.2.0 <" + recipient + ">: try again later");
                    }
                    to.add(recipient);
                }

                @Override
                public String data(java.io.InputStream data) throws java.io.IOException {
                    byte[] bytes = data.readAllBytes();
                    for (String recipient : to) {
                        try {
                            received.add(new Received(from, recipient, bytes));
                        } catch (Exception e) {
                            throw new java.io.IOException(e);
                        }
                    }
                    return null;
                }

                @Override
                public void done() {
                }
            })
            .build();
        server.start();
    }

    /** Makes this server refuse a recipient at RCPT TO with a permanent error. */
    void refuse(String recipient) {
        refused.add(recipient);
    }

    /** Makes this server refuse a recipient at RCPT TO with a temporary error, every time. */
    void defer(String recipient) {
        deferred.add(recipient);
    }

    /** Lets a deferred recipient's mail in again. */
    void accept(String recipient) {
        deferred.remove(recipient);
    }

    /** SMTP connections accepted so far. */
    int sessions() {
        return sessions.get();
    }

    /** SMTP connections closed so far. */
    int endedSessions() {
        return endedSessions.get();
    }

    List<Received> received() {
        return received;
    }

    List<Received> receivedWith(String marker) {
        return received.stream().filter(r -> r.raw.contains(marker)).collect(java.util.stream.Collectors.toList());
    }

    @Override
    public void close() {
        server.stop();
    }
}
