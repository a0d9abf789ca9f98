package io.securemessenger.vault.audit;

import io.securemessenger.vault.store.TestDatabases;
import io.securemessenger.vault.store.VaultDatabase;

class PostgresqlAuditLogTest extends AuditLogContract {
    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.postgresql();
    }
}
