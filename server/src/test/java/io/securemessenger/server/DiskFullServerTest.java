package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A data directory with less free space than {@code storage.minimum.free}: SMTP answers 452
 * (insufficient storage, try again later) instead of accepting mail it might not keep. The test
 * requires more free space than any disk has, which is what a full disk looks like to the check.
 */
class DiskFullServerTest {
    private static final String SENDER = "dr.grey@hospital.test";

    @Test
    void aNearlyFullDataDirectoryShouldMakeSmtpSayTryLater() throws Exception {
        // More free space required than any disk here has: the data directory counts as full.
        try (HospitalServer hospital = HospitalServer.start("disk-full", (s, outsidePort) -> s, settings ->
                replace(settings.dataDir().resolve("conf/secure-messenger.properties"), "storage.minimum.free=512M", "storage.minimum.free=1000000G"))) {
            assertThat(RawSmtp.mailFrom(hospital.settings.smtpPort(), SENDER)).startsWith("452 4.3.1");
        }
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
