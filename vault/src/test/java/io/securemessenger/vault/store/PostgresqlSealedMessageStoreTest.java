package io.securemessenger.vault.store;

class PostgresqlSealedMessageStoreTest extends SealedMessageStoreContract {
    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.postgresql();
    }
}
