package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import io.securemessenger.vault.store.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * The vault's database goes away (PostgreSQL refuses connections): SMTP answers a temporary
 * error while it is gone, so senders' servers keep their mail; a mail accepted just before it
 * went waits in the spool and is sealed, once, when the database is back.
 */
class VaultOutageServerTest {
    private static final String SENDER = "dr.grey@hospital.test";
    private static final String PATIENT = "patient@outside.test";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void whileTheVaultDatabaseIsDownSmtpShouldSayTryLaterAndAcceptedMailShouldBeSealedWhenItIsBack() throws Exception {
        String url = TestPostgres.newDatabase();
        String database = url.replaceFirst(".*/([^/?]+)(\\?.*)?$", "$1");
        try (HospitalServer hospital = HospitalServer.start("vault-down",
                (s, outsidePort) -> s.vaultDatabase(Optional.of(url.replaceFirst("\\?.*", "")), Optional.of("postgres")))) {
            int smtp = hospital.settings.smtpPort();
            assertThat(RawSmtp.mailFrom(smtp, SENDER)).startsWith("250");
            String marker = "m-" + UUID.randomUUID();

            // Accepted with the vault up (MAIL FROM checked it); the vault goes away before the end of DATA.
            String answer = RawSmtp.send(smtp, SENDER, List.of(PATIENT), message("Secure: Results " + marker, "Biopsy benign " + marker),
                () -> connections(url, database, false));
            assertThat(answer).startsWith("250");
            await().atMost(PATIENCE).until(() -> RawSmtp.mailFrom(smtp, SENDER).startsWith("451 4.3.0"));
            assertThat(hospital.outside.receivedWith(marker)).isEmpty();

            connections(url, database, true);
            await().atMost(PATIENCE).until(() -> RawSmtp.mailFrom(smtp, SENDER).startsWith("250"));
            // Sealed on its next turn in the spool (a minute after it was put back): one notification, no content.
            await().atMost(PATIENCE).until(() -> hospital.outside.received().stream().anyMatch(r -> r.envelopeTo.equals(PATIENT)));
            assertThat(hospital.outside.received().stream().filter(r -> r.envelopeTo.equals(PATIENT))).hasSize(1);
            assertThat(hospital.outside.received()).noneMatch(r -> r.raw.contains("Biopsy benign"));
        }
    }

    private static void connections(String url, String database, boolean allowed) throws Exception {
        try (Connection admin = DriverManager.getConnection(url.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1"));
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }
        }
    }

    private static byte[] message(String subject, String body) {
        return ("From: " + SENDER + "\nTo: " + PATIENT + "\nSubject: " + subject + "\nMessage-ID: <" + UUID.randomUUID() + "@hospital.test>\n\n"
            + body + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
