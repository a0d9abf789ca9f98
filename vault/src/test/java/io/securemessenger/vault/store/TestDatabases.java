package io.securemessenger.vault.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;

/** The databases every vault contract runs on. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** Embedded Derby in {@code dir}, opened twice: the second open must find the schema migrated. */
    public static VaultDatabase derby(Path dir) throws Exception {
        VaultDatabase.derby(dir.resolve("vault-db")).close();
        return VaultDatabase.derby(dir.resolve("vault-db"));
    }

    /**
     * Embedded Derby at {@code path} with the schema of an earlier release (migrated up to
     * {@code version} only), for tests that write rows as that release did and then upgrade.
     */
    public static DataSource derbyAtVersion(Path path, String version) {
        EmbeddedDataSource old = new EmbeddedDataSource();
        old.setDatabaseName(path.toString());
        old.setCreateDatabase("create");
        Flyway.configure().dataSource(old).locations("classpath:db/vault/derby").table("vault_schema_history").target(version).load().migrate();
        return old;
    }

    /** A new, empty database on the test PostgreSQL server, opened twice likewise. */
    public static VaultDatabase postgresql() throws Exception {
        String url = TestPostgres.newDatabase();
        VaultDatabase.postgresql(url, null, null);
        return VaultDatabase.postgresql(url, null, null);
    }
}
