package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.store.TestDatabases;
import io.securemessenger.vault.store.VaultDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class DerbyRetentionTest extends RetentionContract {
    @Override
    Vault.Config config(Path dir) {
        return Vault.Config.embedded(dir.resolve("vault"));
    }

    @Test
    void aDatabaseAtVersionTwoShouldUpgradeKeepingItsMessages() throws Exception {
        Path db = dir.resolve("old-db");
        javax.sql.DataSource old = TestDatabases.derbyAtVersion(db, "2");
        try (Connection connection = old.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO vault_message (id, master_key_id, wrapped_key, sealed_at, expires_at) VALUES ('msg-v2', 'mk-0001', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
            insert.setBytes(1, new byte[] {1, 2, 3});
            insert.executeUpdate();
        }

        VaultDatabase upgraded = VaultDatabase.derby(db);
        try (Connection connection = upgraded.connection();
             PreparedStatement select = connection.prepareStatement("SELECT sender, destroyed_at FROM vault_message WHERE id = 'msg-v2'");
             ResultSet row = select.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEmpty();
            assertThat(row.getTimestamp(2)).isNull();
        } finally {
            upgraded.close();
        }
    }
}
