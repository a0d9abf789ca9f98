package io.securemessenger.vault;

import java.nio.file.Path;
import java.sql.Connection;
import org.apache.derby.jdbc.EmbeddedDataSource;

class DerbyPortalStoresTest extends PortalStoresContract {
    private Path vaultDirectory;

    @Override
    Vault.Config config(Path dir) {
        vaultDirectory = dir.resolve("vault");
        return Vault.Config.embedded(vaultDirectory);
    }

    @Override
    Connection database() throws Exception {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(vaultDirectory.resolve("db").toString());
        return derby.getConnection();
    }
}
