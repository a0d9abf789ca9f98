package io.securemessenger.vault.delivery;

import io.securemessenger.vault.store.TestDatabases;
import io.securemessenger.vault.store.VaultDatabase;

class PostgresqlDeliveryStoreTest extends DeliveryStoreContract {
    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.postgresql();
    }
}
