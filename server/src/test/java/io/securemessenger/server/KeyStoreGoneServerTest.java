package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The master key store disappears from under a running server (a mistaken clean-up, a restore
 * gone wrong): SMTP answers 451 until it is back, so no mail is sealed under a key no file keeps.
 */
class KeyStoreGoneServerTest {
    private static final String SENDER = "dr.grey@hospital.test";

    @Test
    void whileTheMasterKeyStoreIsGoneSmtpShouldSayTryLater() throws Exception {
        try (HospitalServer hospital = HospitalServer.start("keys-gone", (s, outsidePort) -> s)) {
            int smtp = hospital.settings.smtpPort();
            Path keys = hospital.settings.dataDir().resolve("vault/master-keys.p12");
            Path aside = hospital.temp.resolve("master-keys.p12");
            assertThat(RawSmtp.mailFrom(smtp, SENDER)).startsWith("250");

            Files.move(keys, aside);
            await().atMost(Duration.ofSeconds(30)).until(() -> RawSmtp.mailFrom(smtp, SENDER).startsWith("451 4.3.0"));

            Files.move(aside, keys);
            await().atMost(Duration.ofSeconds(30)).until(() -> RawSmtp.mailFrom(smtp, SENDER).startsWith("250"));
        }
    }
}
