package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The outside server offers no STARTTLS at all: TLS or vault. The mail is sealed and the
 * recipient gets a notification with a link instead (notifications hold no content, so they
 * may travel without TLS); the message itself never reaches the server.
 */
class NoStartTlsDeliveryServerTest extends RefusedDeliveryContract {
    @Override
    ExternalSmtpServer outsideServer(int port, Path temp) {
        return ExternalSmtpServer.withoutTls(port);
    }

    @Override
    String refusalReason() {
        return "STARTTLS is required but host does not support STARTTLS";
    }

    @Test
    void theMailShouldBeSealedAndTheRecipientNotifiedInstead() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        sendPlain(marker);

        await().atMost(Duration.ofSeconds(60)).until(() -> outside.receivedWith(marker).size() == 1);
        ExternalSmtpServer.Received notice = outside.receivedWith(marker).get(0);
        assertThat(notice.envelopeTo).isEqualTo("friend@outside.test");
        assertThat(notice.message.getSubject()).startsWith("Secure message from").contains("Lunch " + marker);
        assertThat(notice.raw).contains(settings.portalUrl() + "/m/").doesNotContain("See you at noon");
        assertThat(queueSize("outgoing-tls-retry")).isZero();
    }
}
