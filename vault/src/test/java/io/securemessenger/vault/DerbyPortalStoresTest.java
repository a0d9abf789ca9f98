package io.securemessenger.vault;

import java.nio.file.Path;

class DerbyPortalStoresTest extends PortalStoresContract {
    @Override
    Vault.Config config(Path dir) {
        return Vault.Config.embedded(dir.resolve("vault"));
    }
}
