package io.securemessenger.benchmarks.smtp;

import io.securemessenger.server.HostPort;
import io.securemessenger.server.SecureMessengerServer;
import io.securemessenger.server.Settings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.apache.james.utils.DataProbeImpl;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Sends N messages over SMTP through the plain external path (STARTTLS to the outside) and N
 * through the secure path (sealed, one notification each), against the same server in the same
 * run, and prints end-to-end messages per second: from the first message handed over until the
 * outside server (a local sink requiring STARTTLS) has received what that path delivers. Only
 * loopback is used; every loop is bounded in count and time.
 */
public final class SmtpLoadHarness {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private SmtpLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int bodyBytes = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path temp = Files.createTempDirectory("smtp-load");
        KeyStore sinkKeys = Peers.keyStore("localhost");
        AtomicInteger received = new AtomicInteger();
        int sinkPort = Peers.freePort();
        SMTPServer sink = SMTPServer.port(sinkPort).hostName("localhost").bindAddress(InetAddress.getLoopbackAddress())
            .enableTLS().requireTLS().startTlsSocketFactory(Peers.sslContext(sinkKeys))
            .messageHandler((context, from, to, data) -> received.incrementAndGet())
            .build();
        sink.start();
        Settings settings = Settings.builder().dataDir(temp.resolve("data")).confDir(Path.of("james-conf"))
            .smtpPort(Peers.freePort()).submissionPort(Peers.freePort()).imapPort(Peers.freePort()).webAdminPort(Peers.freePort())
            .localDomains(List.of("hospital.test"))
            .outboundSmarthost(Optional.of(HostPort.parse("localhost:" + sinkPort)))
            .build();
        SecureMessengerServer server = SecureMessengerServer.prepare(settings);
        trust(temp.resolve("trust.p12"), sinkKeys.getCertificate(Peers.ALIAS));
        server.start();
        try {
            server.james().getProbe(DataProbeImpl.class).addUser("sender@hospital.test", "harness password");
            String body = "Clinical update. ".repeat(Math.max(1, bodyBytes / 17));
            run(settings, received, Math.min(count, 20), body, "Warm-up", false);
            run(settings, received, Math.min(count, 20), body, "PHI: Warm-up", false);
            double plain = run(settings, received, count, body, "Weekly update", true);
            double secure = run(settings, received, count, body, "PHI: Weekly update", true);
            System.out.printf(Locale.ROOT, "%d messages of about %d bytes each way, one SMTP client, loopback:%n", count, bodyBytes);
            System.out.printf(Locale.ROOT, "  plain external path (STARTTLS to the outside)  %7.1f messages/s%n", plain);
            System.out.printf(Locale.ROOT, "  secure path (sealed, notification sent)       %7.1f messages/s%n", secure);
            System.out.printf(Locale.ROOT, "  secure / plain                                %7.0f%%%n", 100 * secure / plain);
        } finally {
            server.stop();
            sink.stop();
        }
    }

    /** Hands over {@code count} messages and waits until the sink has received as many more. */
    private static double run(Settings settings, AtomicInteger received, int count, String body, String subject, boolean report)
        throws Exception {
        int before = received.get();
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        Session session = Session.getInstance(props);
        Instant start = Instant.now();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < count; i++) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("sender@hospital.test"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress("reader" + i + "@outside.test"));
                message.setSubject(subject + " " + i);
                message.setText(body);
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
        Instant deadline = start.plus(LIMIT);
        while (received.get() - before < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(subject + ": only " + (received.get() - before) + " of " + count + " arrived within " + LIMIT);
            }
            Thread.sleep(20);
        }
        double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
        return count / seconds;
    }

    /** The server verifies the sink's certificate like any outside server's. */
    private static void trust(Path file, Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sink", certificate);
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, Peers.PASSWORD);
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(Peers.PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }
}
