package io.securemessenger.vault.store;

import java.nio.file.Path;

/** The databases every vault contract runs on. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** Embedded Derby in {@code dir}, opened twice: the second open must find the schema migrated. */
    public static VaultDatabase derby(Path dir) throws Exception {
        VaultDatabase.derby(dir.resolve("vault-db")).close();
        return VaultDatabase.derby(dir.resolve("vault-db"));
    }

    /** A new, empty database on the test PostgreSQL server, opened twice likewise. */
    public static VaultDatabase postgresql() throws Exception {
        String url = TestPostgres.newDatabase();
        VaultDatabase.postgresql(url, null, null);
        return VaultDatabase.postgresql(url, null, null);
    }
}
