package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.UUID;
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

    @Override
    String refusalReason() {
        return "No subject alternative DNS name matching localhost found";
    }

    @Test
    void theMailShouldWaitInTheRetryQueue() throws Exception {
        sendPlain("m-" + UUID.randomUUID());

        await().atMost(Duration.ofSeconds(60)).until(() -> queueSize("outgoing-tls-retry") >= 1);
        assertThat(outside.received()).isEmpty();
    }
}
