package io.securemessenger.vault.store;

class PostgresqlSealedMessageStoreTest extends SealedMessageStoreContract {
    @Override
    VaultDatabase openDatabase() throws Exception {
        String url = TestPostgres.newDatabase();
        VaultDatabase.postgresql(url, null, null);
        return VaultDatabase.postgresql(url, null, null);
    }
}
