package io.securemessenger.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Properties;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** What the server-level tests share: free ports and plain SMTP hand-over from a relay network. */
final class TestServers {
    private TestServers() {
    }

    /**
     * Settings for a server under test: its own data directory, free ports, the repository's
     * james-conf/, local domain hospital.test, and outside mail sent to the test server on
     * {@code outsidePort}.
     */
    static Settings.Builder settings(java.nio.file.Path temp, int outsidePort) throws IOException {
        return Settings.builder()
            .dataDir(temp.resolve("data"))
            .confDir(java.nio.file.Path.of("..", "james-conf"))
            .smtpPort(freePort()).submissionPort(freePort()).imapPort(freePort()).webAdminPort(freePort()).portalPort(freePort())
            .localDomains(java.util.List.of("hospital.test"))
            .outboundSmarthost(java.util.Optional.of(HostPort.parse("localhost:" + outsidePort)));
    }

    /**
     * Makes this JVM trust only the outside test server's certificate (James, in this JVM, verifies
     * it) and the server's own generated one (this JVM's mail clients verify James'). Call after
     * {@code prepare}, which creates the server's key.
     */
    static void trustOutsideAndServer(java.nio.file.Path temp, java.security.KeyStore outsideKeys, Settings settings) throws Exception {
        TestCertificates.trustOnly(temp.resolve("trust.p12"),
            outsideKeys.getCertificate("server"),
            TestCertificates.certificateOf(settings.dataDir().resolve("tls/keystore.p12"),
                java.nio.file.Files.readString(settings.dataDir().resolve("tls/keystore.password")).strip(), TlsKeystore.ALIAS));
    }

    /**
     * Starts a server that must refuse to start; returns the one line {@code run} prints about it
     * (the operator's reason). The half-started server is stopped.
     */
    static String refusalToStart(SecureMessengerServer server) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(server::start);
        server.stop();
        org.assertj.core.api.Assertions.assertThat(failure).as("the server should have refused to start").isNotNull();
        return RunCommand.rootMessage(failure);
    }

    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Below Linux's ephemeral range (32768-60999), where outgoing connections take their local ports. */
    private static final int FIRST = 20000;
    private static final int LAST = 32767;

    /**
     * A port free now and not handed out before in this JVM (a server's five ports must differ),
     * chosen below the ephemeral range: a port the system offers for {@code new ServerSocket(0)} can be
     * taken by any outgoing connection (a test's own client, PostgreSQL, Maven) before the server
     * under test binds it, which once failed a full run with "Address already in use".
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(FIRST, LAST + 1);
            if (GIVEN.contains(port)) {
                continue;
            }
            try (ServerSocket ignored = new ServerSocket(port)) {
                GIVEN.add(port);
                return port;
            } catch (IOException taken) {
                // another process listens there: try another
            }
        }
        throw new IOException("no free port between " + FIRST + " and " + LAST);
    }

    /** Hands a message to the SMTP port as an internal mail server on the relay network would. */
    static void relay(int smtpPort, String from, String subject, String body, String... recipients) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(from));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        Transport.send(message);
    }
}
