package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lost master key store is restored from backup, never silently replaced by a new key. */
class MasterKeyStoreLossTest {
    @TempDir
    Path dir;

    @Test
    void aVaultWithMessagesShouldRefuseToOpenWithoutItsMasterKeyStore() throws Exception {
        Path directory = dir.resolve("vault");
        Vault vault = Vault.open(Vault.Config.embedded(directory), Clock.systemUTC());
        Instant now = Instant.now();
        vault.messages().seal("msg-1", "dr.grey@hospital.example", vault.keyRing(), now, now.plus(Duration.ofDays(30)),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream("results".getBytes(StandardCharsets.UTF_8)))));
        String key = vault.keyRing().primaryId();
        vault.close();
        Path backup = dir.resolve("master-keys.p12.backup");
        Files.move(directory.resolve("master-keys.p12"), backup);

        assertThatThrownBy(() -> Vault.open(Vault.Config.embedded(directory), Clock.systemUTC()))
            .isInstanceOf(VaultException.class)
            .hasMessageContaining("master-keys.p12 is missing").hasMessageContaining(key).hasMessageContaining("Restore");
        assertThat(directory.resolve("master-keys.p12")).doesNotExist();

        Files.move(backup, directory.resolve("master-keys.p12"));
        Vault restored = Vault.open(Vault.Config.embedded(directory), Clock.systemUTC());
        try (java.io.InputStream body = restored.messages().open("msg-1", "body", restored.keyRing())) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("results");
        } finally {
            restored.close();
        }
    }

    @Test
    void aRunningVaultShouldBeUnavailableWhileItsKeyStoreIsMissingOrUnreadable() throws Exception {
        Path directory = dir.resolve("vault");
        Vault vault = Vault.open(Vault.Config.embedded(directory), Clock.systemUTC());
        try {
            Path keys = directory.resolve("master-keys.p12");
            Path aside = dir.resolve("aside.p12");
            assertThat(vault.unavailability()).isEmpty();

            Files.move(keys, aside);
            assertThat(vault.unavailability()).hasValueSatisfying(why -> assertThat(why).contains("master-keys.p12 is missing"));
            assertThat(vault.available()).isFalse();

            Files.write(keys, new byte[] {1, 2, 3});
            assertThat(vault.unavailability()).hasValueSatisfying(why -> assertThat(why).contains("cannot be read"));

            Files.move(aside, keys, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(keys, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(vault.unavailability()).isEmpty();
        } finally {
            vault.close();
        }
    }

    @Test
    void aNewVaultShouldMakeItsFirstMasterKey() throws Exception {
        Vault vault = Vault.open(Vault.Config.embedded(dir.resolve("new")), Clock.systemUTC());
        vault.close();
        assertThat(dir.resolve("new/master-keys.p12")).exists();
    }
}
