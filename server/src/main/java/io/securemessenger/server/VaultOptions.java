package io.securemessenger.server;

import io.securemessenger.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the vault is, shared by every command that opens it. Passwords come from environment
 * variables or files, never from flags, which other users of the machine could read in the
 * process list.
 */
final class VaultOptions {
    @Option(names = "--data-dir", defaultValue = "${env:SM_DATA_DIR:-data}",
        description = "Data directory; the vault is in its vault/ folder. [SM_DATA_DIR] Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--vault-db-url", defaultValue = "${env:SM_VAULT_DB_URL:-}",
        description = "jdbc:postgresql://host:port/database to keep the vault on PostgreSQL; default: embedded Derby in DATA/vault/db. "
            + "Its password comes from SM_VAULT_DB_PASSWORD. [SM_VAULT_DB_URL]")
    String databaseUrl;

    @Option(names = "--database-url", defaultValue = "${env:SM_DATABASE_URL:-}",
        description = "The one PostgreSQL database of James' data and the vault (as given to run); used when --vault-db-url is not. "
            + "Its password comes from SM_DATABASE_PASSWORD. [SM_DATABASE_URL]")
    String sharedDatabaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:SM_DATABASE_USER:-}", description = "PostgreSQL user of --database-url. [SM_DATABASE_USER]")
    String sharedDatabaseUser;

    @Option(names = "--vault-db-user", defaultValue = "${env:SM_VAULT_DB_USER:-}", description = "PostgreSQL user. [SM_VAULT_DB_USER]")
    String databaseUser;

    @Option(names = "--vault-key-password-file", defaultValue = "${env:SM_VAULT_KEY_PASSWORD_FILE:-}",
        description = "File holding the master key store password; SM_VAULT_KEY_PASSWORD may hold it instead. Default: a generated "
            + "password in DATA/vault/master-keys.password. [SM_VAULT_KEY_PASSWORD_FILE]")
    Path keyPasswordFile;

    @Option(names = "--trust-store", defaultValue = "${env:SM_TRUST_STORE:-}",
        description = "PEM bundle or PKCS#12 file of CAs trusted besides the system's, e.g. for PostgreSQL's certificate "
            + "(sslmode=verify-full); a PKCS#12 password comes from SM_TRUST_STORE_PASSWORD. [SM_TRUST_STORE]")
    Path trustStore;

    Vault.Config config() throws IOException {
        Vault.Config config = Vault.Config.embedded(dataDir.resolve("vault"));
        boolean ownCas = trustStore != null && !trustStore.toString().isBlank();
        if (ownCas) {
            TrustStore.install(trustStore);
        }
        boolean own = nonBlank(databaseUrl).isPresent();
        Optional<String> vaultUrl = own ? nonBlank(databaseUrl) : nonBlank(sharedDatabaseUrl);
        if (vaultUrl.isPresent()) {
            if (!vaultUrl.get().startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException((own ? "--vault-db-url" : "--database-url") + " must start with jdbc:postgresql://");
            }
            String url = ownCas ? TrustStore.postgresqlUrl(vaultUrl.get()) : vaultUrl.get();
            config = config.withPostgresql(url, own ? nonBlank(databaseUser) : nonBlank(sharedDatabaseUser),
                own ? nonBlank(System.getenv("SM_VAULT_DB_PASSWORD")) : nonBlank(System.getenv("SM_DATABASE_PASSWORD")));
        }
        Optional<String> fromEnvironment = nonBlank(System.getenv("SM_VAULT_KEY_PASSWORD"));
        if (fromEnvironment.isPresent()) {
            config = config.withKeyPassword(fromEnvironment.get().toCharArray());
        } else if (keyPasswordFile != null && !keyPasswordFile.toString().isBlank()) {
            config = config.withKeyPassword(Files.readString(keyPasswordFile, StandardCharsets.UTF_8).strip().toCharArray());
        }
        return config;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }
}
