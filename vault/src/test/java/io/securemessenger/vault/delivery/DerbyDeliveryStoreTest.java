package io.securemessenger.vault.delivery;

import io.securemessenger.vault.store.TestDatabases;
import io.securemessenger.vault.store.VaultDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DerbyDeliveryStoreTest extends DeliveryStoreContract {
    @TempDir
    Path dir;

    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.derby(dir);
    }
}
