package io.securemessenger.vault.audit;

import io.securemessenger.vault.store.TestDatabases;
import io.securemessenger.vault.store.VaultDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DerbyAuditLogTest extends AuditLogContract {
    @TempDir
    Path dir;

    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.derby(dir);
    }
}
