package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.securemessenger.server.host.delivery.ConnectionCache;
import io.securemessenger.server.host.delivery.SMTPTransport;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery transport's connection reuse, as James' RemoteDelivery drives it (a new transport per
 * delivery: connect, send, close), against a real SMTP server that requires STARTTLS.
 */
class OutboundConnectionReuseTest {
    private ExternalSmtpServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = TestServers.freePort();
        server = new ExternalSmtpServer(port, TestCertificates.sslContext(TestCertificates.serverKeyStore("localhost")));
    }

    @AfterEach
    void stop() {
        ConnectionCache.SHARED.closeAll();
        server.close();
    }

    private Properties settings(String... more) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.class", SMTPTransport.class.getName());
        properties.setProperty("mail.smtp.host", "localhost");
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.smtp.starttls.enable", "true");
        properties.setProperty("mail.smtp.starttls.required", "true");
        properties.setProperty("mail.smtp.ssl.trust", "localhost");
        for (int i = 0; i < more.length; i += 2) {
            properties.setProperty(more[i], more[i + 1]);
        }
        return properties;
    }

    /** One delivery as MailDelivrerToHost makes it: a session of its own, a new transport, connect, send, close. */
    private void deliver(Properties settings, String from, String to, String marker) throws MessagingException {
        Properties perMail = new Properties();
        perMail.putAll(settings);
        perMail.setProperty("mail.smtp.from", from);
        Session session = Session.getInstance(perMail);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setSubject("Reuse " + marker);
        message.setText("Body " + marker);
        message.saveChanges();
        Transport transport = session.getTransport("smtp");
        try {
            transport.connect();
            transport.sendMessage(message, new Address[] {new InternetAddress(to)});
        } finally {
            transport.close();
        }
    }

    @Test
    void deliveriesOneAfterAnotherShouldShareAConnectionUpToItsMessageLimit() throws Exception {
        Properties settings = settings(SMTPTransport.REUSE_MESSAGES, "3");
        for (int i = 0; i < 7; i++) {
            deliver(settings, "sender" + i + "@hospital.test", "friend" + i + "@outside.test", "m" + i);
        }

        assertThat(server.received()).extracting(r -> r.envelopeFrom + ">" + r.envelopeTo)
            .containsExactly("sender0@hospital.test>friend0@outside.test", "sender1@hospital.test>friend1@outside.test",
                "sender2@hospital.test>friend2@outside.test", "sender3@hospital.test>friend3@outside.test",
                "sender4@hospital.test>friend4@outside.test", "sender5@hospital.test>friend5@outside.test",
                "sender6@hospital.test>friend6@outside.test");
        // 3 + 3 + 1 messages.
        assertThat(server.sessions()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedSessions() == 2);
    }

    @Test
    void deliveriesWithOtherSettingsShouldNotShareAConnection() throws Exception {
        deliver(settings(SMTPTransport.QUEUE_PROPERTY, "outgoing"), "a@hospital.test", "x@outside.test", "a");
        deliver(settings(SMTPTransport.QUEUE_PROPERTY, "notifications"), "b@hospital.test", "y@outside.test", "b");
        deliver(settings(SMTPTransport.QUEUE_PROPERTY, "outgoing"), "c@hospital.test", "z@outside.test", "c");

        assertThat(server.received()).hasSize(3);
        assertThat(server.sessions()).isEqualTo(2);
    }

    @Test
    void aFailedDeliveryShouldEndItsConnection() throws Exception {
        Properties settings = settings();
        server.refuse("gone@outside.test");
        deliver(settings, "a@hospital.test", "x@outside.test", "a");
        assertThatThrownBy(() -> deliver(settings, "a@hospital.test", "gone@outside.test", "b")).isInstanceOf(MessagingException.class);
        deliver(settings, "a@hospital.test", "y@outside.test", "c");

        assertThat(server.received()).extracting(r -> r.envelopeTo).containsExactly("x@outside.test", "y@outside.test");
        assertThat(server.sessions()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedSessions() >= 1);
    }

    @Test
    void aConnectionIdleBeyondItsLimitShouldBeEndedAndTheNextDeliveryShouldOpenAnother() throws Exception {
        Properties settings = settings(SMTPTransport.REUSE_IDLE, "1");
        deliver(settings, "a@hospital.test", "x@outside.test", "a");

        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedSessions() == 1);
        deliver(settings, "a@hospital.test", "y@outside.test", "b");
        assertThat(server.sessions()).isEqualTo(2);
    }

    @Test
    void aConnectionTheServerHasClosedShouldNotFailTheNextDelivery() throws Exception {
        server.close();
        server = new ExternalSmtpServer(port, TestCertificates.sslContext(TestCertificates.serverKeyStore("localhost")), Duration.ofMillis(500));
        Properties settings = settings();
        deliver(settings, "a@hospital.test", "x@outside.test", "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedSessions() == 1);

        try (CapturedLog log = new CapturedLog(SMTPTransport.class)) {
            deliver(settings, "a@hospital.test", "y@outside.test", "b");
            assertThat(log.events()).isEmpty();
        }
        assertThat(server.received()).extracting(r -> r.envelopeTo).containsExactly("x@outside.test", "y@outside.test");
        assertThat(server.sessions()).isEqualTo(2);
    }

    @Test
    void reuseShouldBeOffWithALimitOfOneMessage() throws Exception {
        Properties settings = settings(SMTPTransport.REUSE_MESSAGES, "1");
        deliver(settings, "a@hospital.test", "x@outside.test", "a");
        deliver(settings, "a@hospital.test", "y@outside.test", "b");

        assertThat(server.sessions()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endedSessions() == 2);
    }

    @Test
    void aLimitThatIsNotANumberShouldFailTheAttemptSayingWhich() {
        String marker = UUID.randomUUID().toString();
        assertThatThrownBy(() -> deliver(settings(SMTPTransport.REUSE_IDLE, "five"), "a@hospital.test", "x@outside.test", marker))
            .hasMessageContaining(SMTPTransport.REUSE_IDLE).hasMessageContaining("'five'");
        assertThat(server.sessions()).isZero();
    }
}
