package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.server.SMTPServer;

/** The STARTTLS probe against real SMTP servers: one that offers STARTTLS, one that does not. */
class RemoteLacksStartTlsTest {
    private SMTPServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private int start(boolean tls) throws IOException {
        int port = freePort();
        SMTPServer.Builder builder = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost");
        server = (tls ? builder.enableTLS() : builder).build();
        server.start();
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RemoteLacksStartTls matcher(String condition) throws MessagingException {
        RemoteLacksStartTls matcher = new RemoteLacksStartTls(null);
        matcher.init(FakeMatcherConfig.builder().matcherName("RemoteLacksStartTls").condition(condition).build());
        return matcher;
    }

    private static Mail mail() throws MessagingException {
        return FakeMail.builder().name("m1").recipients("patient@outside.example", "carer@outside.example").build();
    }

    @Test
    void aServerWithoutStartTlsShouldMatchEveryRecipientItServes() throws Exception {
        int port = start(false);

        assertThat(matcher("gateway=localhost:" + port).match(mail()))
            .containsExactlyInAnyOrder(new MailAddress("patient@outside.example"), new MailAddress("carer@outside.example"));
    }

    @Test
    void aServerOfferingStartTlsShouldNotMatch() throws Exception {
        int port = start(true);

        assertThat(matcher("gateway=localhost:" + port).match(mail())).isEmpty();
    }

    @Test
    void anUnreachableServerShouldNotMatch() throws Exception {
        assertThat(matcher("gateway=localhost:" + freePort()).match(mail())).as("retried as usual, not sealed").isEmpty();
    }

    @Test
    void aBadConditionShouldStopStartUp() {
        assertThatThrownBy(() -> matcher("smarthost")).isInstanceOf(MessagingException.class).hasMessageContaining("gateway=host:port");
        assertThatThrownBy(() -> matcher("gateway=localhost:http")).isInstanceOf(MessagingException.class);
    }
}
