package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VaultCommandsTest {
    @TempDir
    Path data;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SecureMessengerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Vault open() throws Exception {
        return Vault.open(Vault.Config.embedded(data.resolve("vault")), Clock.systemUTC());
    }

    private void sealOne(String id) throws Exception {
        try (Vault vault = open()) {
            Instant now = Instant.now();
            vault.messages().seal(id, "dr.grey@hospital.example", vault.keyRing(), now, now.plusSeconds(3600),
                List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))));
            vault.audit().append(AuditAction.SEAL, "dr.grey@hospital.example", id, "parts=1");
        }
    }

    @Test
    void keysRotateThenRetireShouldRewrapEveryMessageAndRemoveTheOldKey() throws Exception {
        sealOne("msg-1");
        sealOne("msg-2");

        assertThat(run("keys", "rotate", "--data-dir", data.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("New primary master key: mk-0002").contains("Data keys re-wrapped: 2");
        try (Vault vault = open()) {
            assertThat(vault.keyRing().ids()).containsExactlyInAnyOrder("mk-0001", "mk-0002");
        }
        assertThat(run("keys", "retire", "--data-dir", data.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Primary master key: mk-0002").contains("Master keys retired: mk-0001");
        try (Vault vault = open()) {
            assertThat(vault.keyRing().ids()).containsExactly("mk-0002");
            try (InputStream body = vault.messages().open("msg-1", "body", vault.keyRing())) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
            assertThat(vault.audit().verify().records()).isEqualTo(2 + 3);
        }
    }

    @Test
    void auditVerifyShouldReportAnIntactTrail() throws Exception {
        sealOne("msg-1");

        assertThat(run("audit", "verify", "--data-dir", data.toString())).isZero();
        assertThat(out.toString()).contains("Audit trail intact: 1 records.");
    }

    @Test
    void auditVerifyShouldNameTheFirstChangedRecordAndExitOne() throws Exception {
        sealOne("msg-1");
        sealOne("msg-2");
        sealOne("msg-3");
        VaultDatabase database = VaultDatabase.derby(data.resolve("vault/db"));
        try (Connection connection = database.connection();
             PreparedStatement tamper = connection.prepareStatement("UPDATE vault_audit SET subject_id = 'msg-9' WHERE seq = 2")) {
            tamper.executeUpdate();
        } finally {
            database.close();
        }

        assertThat(run("audit", "verify", "--data-dir", data.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("BROKEN at record 2: record 2 was changed");
    }

    @Test
    void aWrongKeyPasswordShouldBeAClearErrorWithExitTwo() throws Exception {
        sealOne("msg-1");
        Path wrong = Files.writeString(data.resolve("wrong.password"), "this is not the password");

        assertThat(run("audit", "verify", "--data-dir", data.toString(), "--vault-key-password-file", wrong.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("wrong password or damaged file");
    }

    @Test
    void theGeneratedKeyPasswordShouldBeOwnerOnly() throws Exception {
        sealOne("msg-1");

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(data.resolve("vault/master-keys.password")))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(data.resolve("vault")))).isEqualTo("rwx------");
    }
}
