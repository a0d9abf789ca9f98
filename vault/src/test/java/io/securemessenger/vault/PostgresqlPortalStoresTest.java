package io.securemessenger.vault;

import io.securemessenger.vault.store.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;

class PostgresqlPortalStoresTest extends PortalStoresContract {
    private String url;

    @Override
    Vault.Config config(Path dir) throws Exception {
        url = TestPostgres.newDatabase();
        return Vault.Config.embedded(dir.resolve("vault")).withPostgresql(url, Optional.empty(), Optional.empty());
    }

    @Override
    Connection database() throws Exception {
        return DriverManager.getConnection(url);
    }
}
