package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger transport = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
            io.securemessenger.server.host.ReportingSmtpTransport.class);
        transport.addAppender(log);
        try {
            String marker = "m-" + java.util.UUID.randomUUID();
            sendPlain(marker);
            String hop = "localhost:" + settings.outboundSmarthost().orElseThrow().port();

            await().atMost(Duration.ofSeconds(60)).until(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("from queue outgoing-tls to " + hop)));
            assertThat(log.list).allSatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(e.getFormattedMessage()).doesNotContain(marker).doesNotContain("friend@outside.test").doesNotContain("See you at noon");
                assertThat(e.getThrowableProxy()).isNull();
            });
            assertThat(log.list.get(0).getFormattedMessage().toLowerCase(java.util.Locale.ROOT)).containsAnyOf("identity", "subject alternative",
                "certificate", "tls");
        } finally {
            transport.detachAppender(log);
        }
    }

    @Test
    void theMailShouldWaitInTheRetryQueue() throws Exception {
        sendPlain("m-" + java.util.UUID.randomUUID());

        await().atMost(Duration.ofSeconds(60)).until(() -> queueSize("outgoing-tls-retry") >= 1);
        assertThat(outside.received()).isEmpty();
    }
}
