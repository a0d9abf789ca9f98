package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.store.TestPostgres;
import io.securemessenger.vault.store.VaultException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes on one PostgreSQL share one audit trail, so they must share one master key store: a copy
 * taken right after the first node's first start is complete, and a node started with a store of
 * its own is refused instead of authenticating records nobody else can verify.
 */
class SharedKeyStoreTest {
    @TempDir
    Path nodes;

    @Test
    void aCopyOfTheFirstNodesStoreShouldVerifyTheTrailBothNodesWrite() throws Exception {
        String database = TestPostgres.newDatabase();
        Path first = nodes.resolve("a");
        Path second = nodes.resolve("b");
        try (Vault a = Vault.open(Vault.Config.embedded(first).withPostgresql(database, java.util.Optional.empty(), java.util.Optional.empty()),
            Clock.systemUTC())) {
            Files.createDirectories(second);
            for (String file : new String[] {"master-keys.p12", "master-keys.password"}) {
                Files.copy(first.resolve(file), second.resolve(file));
            }
            try (Vault b = Vault.open(Vault.Config.embedded(second).withPostgresql(database, java.util.Optional.empty(), java.util.Optional.empty()),
                Clock.systemUTC())) {
                a.audit().append(AuditAction.SEAL, "dr.grey@hospital.example", "msg-1", null);
                b.audit().append(AuditAction.VIEW, "patient@outside.example", "msg-1", null);
                a.audit().append(AuditAction.VIEW, "patient@outside.example", "msg-1", null);
                assertThat(b.audit().verify().intact()).isTrue();
                assertThat(a.audit().verify().records()).isEqualTo(3);
            }
        }
    }

    @Test
    void aNodeWithAKeyStoreOfItsOwnShouldBeRefused() throws Exception {
        String database = TestPostgres.newDatabase();
        try (Vault a = Vault.open(Vault.Config.embedded(nodes.resolve("a")).withPostgresql(database, java.util.Optional.empty(),
            java.util.Optional.empty()), Clock.systemUTC())) {
            a.audit().append(AuditAction.SEAL, "dr.grey@hospital.example", "msg-1", null);
        }

        assertThatThrownBy(() -> Vault.open(Vault.Config.embedded(nodes.resolve("b")).withPostgresql(database, java.util.Optional.empty(),
            java.util.Optional.empty()), Clock.systemUTC()))
            .isInstanceOf(VaultException.class).hasMessageContaining("every node must use the same master-keys.p12");
    }
}
