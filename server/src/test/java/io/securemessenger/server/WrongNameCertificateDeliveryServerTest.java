package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.securemessenger.server.host.delivery.SMTPTransport;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * STARTTLS with a certificate this JVM trusts, but for another name than the one we connect to.
 * The server offers TLS, so this is no case for the vault fallback: the mail waits in the retry
 * queue (a DSN when retries run out), never handed over.
 */
class WrongNameCertificateDeliveryServerTest extends RefusedDeliveryContract {
    @Override
    ExternalSmtpServer outsideServer(int port, Path temp) throws Exception {
        KeyStore keys = TestCertificates.serverKeyStore("elsewhere.test");
        TestCertificates.trustOnly(temp.resolve("trust.p12"), keys.getCertificate("server"));
        return new ExternalSmtpServer(port, TestCertificates.sslContext(keys));
    }

    @Test
    void eachFailedAttemptShouldBeOneWarningNamingQueueNextHopAndReasonNeverContent() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger transport = (Logger) LoggerFactory.getLogger(SMTPTransport.class);
        transport.addAppender(log);
        try {
            String marker = "m-" + UUID.randomUUID();
            sendPlain(marker);
            String hop = "localhost:" + settings.outboundSmarthost().orElseThrow().port();

            await().atMost(Duration.ofSeconds(60)).until(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("from queue outgoing-tls to " + hop)));
            assertThat(log.list).allSatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).doesNotContain(marker).doesNotContain("friend@outside.test").doesNotContain("See you at noon");
                assertThat(e.getThrowableProxy()).isNull();
            });
            assertThat(log.list.get(0).getFormattedMessage().toLowerCase(Locale.ROOT)).containsAnyOf("identity", "subject alternative",
                "certificate", "tls");
        } finally {
            transport.detachAppender(log);
        }
    }

    @Test
    void theMailShouldWaitInTheRetryQueue() throws Exception {
        sendPlain("m-" + UUID.randomUUID());

        await().atMost(Duration.ofSeconds(60)).until(() -> queueSize("outgoing-tls-retry") >= 1);
        assertThat(outside.received()).isEmpty();
    }
}
