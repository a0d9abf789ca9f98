package io.securemessenger.vault;

import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditKeys;
import io.securemessenger.vault.audit.AuditLog;
import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.crypto.MasterKeyStore;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.DeliveryStore;
import io.securemessenger.vault.incident.DlpIncidents;
import io.securemessenger.vault.officer.OfficerFactors;
import io.securemessenger.vault.session.SessionStore;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vault as the rest of the product sees it: its database, its master keys, and the stores
 * over them. By default everything lives under {@code DATA/vault/}: an embedded Derby database,
 * the master key store {@code master-keys.p12}, and, unless the password is given from outside,
 * a generated password in {@code master-keys.password} (owner-only). The password never goes
 * into the database.
 */
public final class Vault implements AutoCloseable {
    private final VaultDatabase database;
    private final MasterKeyStore keys;
    private final SealedMessageStore messages;
    private final MessageRecords records;
    private final DeliveryStore deliveries;
    private final AuditLog audit;
    private final AccountStore accounts;
    private final SessionStore sessions;
    private final OfficerFactors officers;
    private final DlpIncidents incidents;

    private Vault(VaultDatabase database, MasterKeyStore keys, Clock clock, Path directory) {
        this.database = database;
        this.keys = keys;
        this.messages = new SealedMessageStore(database);
        this.records = new MessageRecords(database);
        this.deliveries = new DeliveryStore(database);
        // The audit key lives in the master key store, the checkpoints beside it: neither in the database.
        this.audit = new AuditLog(database, clock, auditKeys(keys), directory.resolve("audit-checkpoints"));
        this.accounts = new AccountStore(database, this::keyRing);
        this.sessions = new SessionStore(database);
        this.officers = new OfficerFactors(database, this::keyRing);
        this.incidents = new DlpIncidents(database);
    }

    /** The audit keys of the master key store; each key's bytes read once (the key store's own decryption is slow). */
    private static AuditKeys auditKeys(MasterKeyStore keys) {
        java.util.Map<String, AuditKeys.Key> read = new java.util.concurrent.ConcurrentHashMap<>();
        return new AuditKeys() {
            @Override
            public Key current() throws VaultException {
                try {
                    String id = keys.auditKeyId();
                    Optional<Key> key = find(id);
                    if (key.isEmpty()) {
                        throw new VaultException("The audit key " + id + " cannot be read");
                    }
                    return key.get();
                } catch (CryptoException e) {
                    throw new VaultException(e.getMessage(), e);
                }
            }

            @Override
            public Optional<Key> find(String id) throws VaultException {
                Key known = read.get(id);
                if (known != null) {
                    return Optional.of(known);
                }
                try {
                    Optional<Key> key = keys.auditKey(id).map(secret -> new Key(id, secret));
                    key.ifPresent(k -> read.put(id, k));
                    return key;
                } catch (CryptoException e) {
                    throw new VaultException(e.getMessage(), e);
                }
            }
        };
    }

    /** Where the vault is and how to open it. */
    public static final class Config {
        private final Path directory;
        private final Optional<String> postgresUrl;
        private final Optional<String> postgresUser;
        private final Optional<String> postgresPassword;
        private final Optional<char[]> keyPassword;

        private Config(Path directory, Optional<String> postgresUrl, Optional<String> postgresUser,
                       Optional<String> postgresPassword, Optional<char[]> keyPassword) {
            this.directory = directory;
            this.postgresUrl = postgresUrl;
            this.postgresUser = postgresUser;
            this.postgresPassword = postgresPassword;
            this.keyPassword = keyPassword;
        }

        /** Embedded Derby and a generated key password, all under {@code directory}. */
        public static Config embedded(Path directory) {
            return new Config(directory, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** The database on PostgreSQL instead of Derby; the master keys stay under {@code directory}. */
        public Config withPostgresql(String url, Optional<String> user, Optional<String> password) {
            return new Config(directory, Optional.of(url), user, password, keyPassword);
        }

        /** The master key store password from the environment or a file of the operator's. */
        public Config withKeyPassword(char[] password) {
            return new Config(directory, postgresUrl, postgresUser, postgresPassword, Optional.of(password.clone()));
        }
    }

    public static Vault open(Config config, Clock clock) throws VaultException {
        try {
            Files.createDirectories(config.directory);
            ownerOnly(config.directory, "rwx------");
        } catch (IOException e) {
            throw new VaultException("Cannot create the vault directory " + config.directory + ": " + e.getMessage(), e);
        }
        VaultDatabase database = config.postgresUrl.isPresent()
            ? VaultDatabase.postgresql(config.postgresUrl.get(), config.postgresUser.orElse(null), config.postgresPassword.orElse(null))
            : VaultDatabase.derby(config.directory.resolve("db"));
        Path keyFile = config.directory.resolve("master-keys.p12");
        if (!Files.exists(keyFile)) {
            // A new key would leave every sealed message unreadable: only a new vault gets one.
            Set<String> inUse = new java.util.TreeSet<>(new SealedMessageStore(database).masterKeysInUse());
            AccountStore.Keys none = () -> {
                throw new VaultException("no master keys yet");
            };
            inUse.addAll(new AccountStore(database, none).masterKeysInUse());
            inUse.addAll(new OfficerFactors(database, none).masterKeysInUse());
            if (!inUse.isEmpty()) {
                database.close();
                throw new VaultException("The master key store " + keyFile + " is missing, but the vault holds messages sealed with "
                    + "master keys " + inUse + ". Restore master-keys.p12 and its password from the backup or key escrow "
                    + "(docs/admin/operations.md); no new key is made for a vault that has messages.");
            }
        }
        char[] password = config.keyPassword.isPresent() ? config.keyPassword.get() : generatedPassword(config.directory);
        MasterKeyStore keys;
        try {
            keys = MasterKeyStore.openOrCreate(keyFile, password);
        } catch (CryptoException e) {
            database.close();
            throw new VaultException(e.getMessage(), e);
        }
        try {
            ensureTheAuditKey(keys, database, keyFile);
        } catch (VaultException e) {
            database.close();
            throw e;
        }
        Vault vault = new Vault(database, keys, clock, config.directory);
        // Hints stored in clear by an earlier version are sealed now.
        vault.accounts.sealClearHints();
        return vault;
    }

    /**
     * The audit key exists from the first start on, so that a copy of the key store taken then (for
     * a second node) holds it. A store without one, for a trail that other stores' keys already
     * authenticate, is a node that was not given the shared key store: it must not start a key of
     * its own, which no other node could verify.
     */
    private static void ensureTheAuditKey(MasterKeyStore keys, VaultDatabase database, Path keyFile) throws VaultException {
        try {
            if (keys.existingAuditKeyId().isPresent()) {
                return;
            }
            Set<String> others = AuditLog.keysInUse(database);
            if (!others.isEmpty()) {
                throw new VaultException("The master key store " + keyFile + " holds no audit key, but the audit trail is authenticated "
                    + "with " + others + ": every node must use the same master-keys.p12 (copy it, and its password, from a running "
                    + "node: docs/admin/deploy.md)");
            }
            keys.auditKeyId();
        } catch (CryptoException e) {
            throw new VaultException(e.getMessage(), e);
        }
    }

    /**
     * Why the vault cannot take messages now, if it cannot: its master key store is missing or
     * unreadable, or its database does not answer within two seconds. Names files and causes,
     * never content.
     */
    public Optional<String> unavailability() {
        Optional<String> keys = keyStoreProblem();
        if (keys.isPresent()) {
            return keys;
        }
        return database.isAvailable(2) ? Optional.empty() : Optional.of("the vault database does not answer");
    }

    /**
     * Why the master key store cannot be used now, if it cannot (missing, or changed and
     * unreadable): a file check, no database round trip.
     */
    public Optional<String> keyStoreProblem() {
        return keys.problem();
    }

    /** Whether the vault can take messages now: see {@link #unavailability()}. */
    public boolean available() {
        return unavailability().isEmpty();
    }

    /** The sealed content of messages: sealing, opening, destroying. */
    public SealedMessageStore messages() {
        return messages;
    }

    /** What is known of sealed messages without opening them: sender, dates, threads, expiry. */
    public MessageRecords records() {
        return records;
    }

    public DeliveryStore deliveries() {
        return deliveries;
    }

    public AuditLog audit() {
        return audit;
    }

    /** Recipients' portal accounts and sign-in throttling. */
    public AccountStore accounts() {
        return accounts;
    }

    /** Portal sessions. */
    public SessionStore sessions() {
        return sessions;
    }

    /**
     * Withdraws a message from one of its recipients ({@code deliveryId}) or from all, each recall
     * audited as {@code actor}'s; deliveries already recalled or expired are left as they are.
     * Returns the deliveries recalled now; empty when {@code deliveryId} is not one of the message's.
     */
    public Optional<List<String>> recall(String messageId, Optional<String> deliveryId, String actor, String detail, Instant now)
        throws VaultException {
        List<Delivery> all = deliveries.forMessage(messageId);
        if (deliveryId.isPresent() && all.stream().noneMatch(d -> d.id().equals(deliveryId.get()))) {
            return Optional.empty();
        }
        List<String> recalled = new ArrayList<>();
        for (Delivery delivery : all) {
            if (deliveryId.map(id -> !id.equals(delivery.id())).orElse(false)) {
                continue;
            }
            if (!delivery.reached(DeliveryStatus.RECALLED) && !delivery.reached(DeliveryStatus.EXPIRED)) {
                deliveries.record(delivery.id(), DeliveryStatus.RECALLED, now);
                audit.append(AuditAction.RECALL, actor, delivery.id(), detail);
                recalled.add(delivery.id());
            }
        }
        return Optional.of(recalled);
    }

    /** The vault's activity per day or week, counted in the server's time zone. */
    public io.securemessenger.vault.report.ActivityReport activity() {
        return new io.securemessenger.vault.report.ActivityReport(database, java.time.ZoneId.systemDefault());
    }

    /** The DLP incidents, for the officer's console. */
    public DlpIncidents incidents() {
        return incidents;
    }

    /** Compliance officers' second factors. */
    public OfficerFactors officers() {
        return officers;
    }

    public KeyRing keyRing() throws VaultException {
        try {
            return keys.keyRing();
        } catch (CryptoException e) {
            throw new VaultException(e.getMessage(), e);
        }
    }

    /**
     * The sender's summary of a message, decrypted; empty when the message has none (sealed
     * without one, or expired).
     */
    public Optional<MessageSummary> summary(String messageId) throws VaultException {
        if (!messages.partIds(messageId).contains(MessageSummary.PART)) {
            return Optional.empty();
        }
        try (java.io.InputStream in = messages.open(messageId, MessageSummary.PART, keyRing())) {
            return Optional.of(MessageSummary.read(in));
        } catch (IOException e) {
            throw new VaultException("The summary of message " + messageId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** What {@link #rotateKeys(String)} or {@link #retireKeys(String)} did. */
    public static final class KeyChange {
        private final String primary;
        private final int rewrapped;
        private final List<String> retired;

        KeyChange(String primary, int rewrapped, List<String> retired) {
            this.primary = primary;
            this.rewrapped = rewrapped;
            this.retired = List.copyOf(retired);
        }

        /** The primary master key afterwards. */
        public String primary() {
            return primary;
        }

        public int rewrapped() {
            return rewrapped;
        }

        public List<String> retired() {
            return retired;
        }
    }

    /**
     * Adds a master key and makes it primary, then re-wraps every data key with it (bodies are not
     * re-encrypted). Old master keys stay in the key store, so data keys another server wrapped
     * before it saw the new key still open; {@link #retireKeys(String)} removes them later. Each
     * step is audited. Safe to run again after an interruption: it re-wraps what is left.
     */
    public KeyChange rotateKeys(String actor) throws VaultException {
        try {
            String primary = keys.rotate();
            audit.append(AuditAction.KEY_ROTATE, actor, primary, null);
            int rewrapped = messages.rewrap(keys.keyRing()) + accounts.rewrapHints(keys.keyRing()) + officers.rewrap(keys.keyRing());
            audit.append(AuditAction.KEY_REWRAP, actor, primary, "data-keys=" + rewrapped);
            return new KeyChange(primary, rewrapped, List.of());
        } catch (CryptoException e) {
            throw new VaultException(e.getMessage(), e);
        }
    }

    /**
     * Re-wraps with the primary key whatever data keys are still wrapped with an older one (mail
     * sealed by a server that had not yet seen the rotation), then retires every master key that
     * is not primary and wraps no data key. Run it once every server uses the new key store.
     */
    public KeyChange retireKeys(String actor) throws VaultException {
        try {
            KeyRing ring = keys.keyRing();
            int rewrapped = messages.rewrap(ring) + accounts.rewrapHints(ring) + officers.rewrap(ring);
            if (rewrapped > 0) {
                audit.append(AuditAction.KEY_REWRAP, actor, ring.primaryId(), "data-keys=" + rewrapped);
            }
            Set<String> inUse = new java.util.TreeSet<>(messages.masterKeysInUse());
            inUse.addAll(accounts.masterKeysInUse());
            inUse.addAll(officers.masterKeysInUse());
            List<String> retired = new ArrayList<>();
            for (String id : keys.ids()) {
                if (!id.equals(ring.primaryId()) && !inUse.contains(id)) {
                    keys.retire(id);
                    retired.add(id);
                    audit.append(AuditAction.KEY_RETIRE, actor, id, null);
                }
            }
            return new KeyChange(ring.primaryId(), rewrapped, retired);
        } catch (CryptoException e) {
            throw new VaultException(e.getMessage(), e);
        }
    }

    /**
     * Expires every message whose time is up: destroys its key and content, marks its deliveries
     * expired, and audits it. Returns the ids expired.
     */
    public List<String> expire(Instant now, String actor) throws VaultException {
        List<String> expired = new ArrayList<>();
        for (String id : records.expiredBy(now)) {
            if (messages.destroyContent(id, now)) {
                for (Delivery delivery : deliveries.forMessage(id)) {
                    deliveries.record(delivery.id(), DeliveryStatus.EXPIRED, now);
                }
                audit.append(AuditAction.EXPIRE, actor, id, null);
                expired.add(id);
            }
        }
        return expired;
    }

    @Override
    public void close() {
        database.close();
    }

    private static char[] generatedPassword(Path directory) throws VaultException {
        Path file = directory.resolve("master-keys.password");
        try {
            if (!Files.exists(file)) {
                if (Files.exists(directory.resolve("master-keys.p12"))) {
                    throw new VaultException("The master key store exists but its password file " + file + " does not; "
                        + "give the password from outside (SM_VAULT_KEY_PASSWORD or --vault-key-password-file)");
                }
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), StandardCharsets.US_ASCII);
                ownerOnly(file, "rw-------");
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new VaultException("Cannot read the master key password file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
