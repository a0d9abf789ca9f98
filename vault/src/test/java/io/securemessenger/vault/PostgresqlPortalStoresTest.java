package io.securemessenger.vault;

import io.securemessenger.vault.store.TestPostgres;
import java.nio.file.Path;
import java.util.Optional;

class PostgresqlPortalStoresTest extends PortalStoresContract {
    @Override
    Vault.Config config(Path dir) throws Exception {
        return Vault.Config.embedded(dir.resolve("vault")).withPostgresql(TestPostgres.newDatabase(), Optional.empty(), Optional.empty());
    }
}
