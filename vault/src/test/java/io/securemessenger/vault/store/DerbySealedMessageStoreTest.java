package io.securemessenger.vault.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerbySealedMessageStoreTest extends SealedMessageStoreContract {
    @TempDir
    Path dir;

    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.derby(dir);
    }

    @Test
    void derbyShouldRefuseRelaxedDurability() {
        System.setProperty("derby.system.durability", "test");
        try {
            assertThatThrownBy(() -> VaultDatabase.derby(dir.resolve("other-db")))
                .isInstanceOf(VaultException.class).hasMessageContaining("durability");
        } finally {
            System.clearProperty("derby.system.durability");
        }
    }
}
