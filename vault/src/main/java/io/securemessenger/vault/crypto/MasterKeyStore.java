package io.securemessenger.vault.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys, kept in a PKCS#12 file readable by its owner only, under a password that
 * comes from the environment or a file and never from the database. Keys are AES-256 and named
 * {@code mk-0001}, {@code mk-0002}, ...; the newest is primary: {@link #rotate()} adds one and so
 * promotes it, and older keys stay until every data key has been re-wrapped ({@link #retire}).
 *
 * <p>The {@link KeyRing} is built once (reading a PKCS#12 key costs a key derivation) and again
 * only after this store changes, or when the file was changed by another process, such as
 * {@code keys rotate}. Thread-safe.
 */
public final class MasterKeyStore {
    private static final Pattern ALIAS = Pattern.compile("mk-(\\d{4,})");
    private static final String TYPE = "PKCS12";

    private final Path file;
    private final char[] password;
    private KeyStore store;
    private java.nio.file.attribute.FileTime loadedVersion;
    private KeyRing ring;

    private MasterKeyStore(Path file, char[] password, KeyStore store) {
        this.file = file;
        this.password = password.clone();
        this.store = store;
        this.loadedVersion = version(file);
    }

    /** Opens the key store, creating it with a first key when the file does not exist. */
    public static MasterKeyStore openOrCreate(Path file, char[] password) throws CryptoException {
        if (password.length < 16) {
            throw new CryptoException("The master key store password must have at least 16 characters");
        }
        if (!Files.exists(file)) {
            MasterKeyStore created = new MasterKeyStore(file, password, empty());
            created.rotate();
            return created;
        }
        return open(file, password);
    }

    /** Opens an existing key store; a wrong password or a damaged file is a clear error. */
    public static MasterKeyStore open(Path file, char[] password) throws CryptoException {
        try {
            MasterKeyStore opened = new MasterKeyStore(file, password, load(file, password));
            if (opened.ids().isEmpty()) {
                throw new CryptoException("The master key store " + file + " holds no master key");
            }
            return opened;
        } catch (IOException | GeneralSecurityException e) {
            throw new CryptoException("The master key store " + file + " cannot be opened: wrong password or damaged file", e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password);
            return store;
        }
    }

    private static java.nio.file.attribute.FileTime version(Path file) {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reloads the file when another process changed it since it was read or written here. */
    private void refresh() throws CryptoException {
        java.nio.file.attribute.FileTime current = version(file);
        if (current != null && !current.equals(loadedVersion)) {
            try {
                store = load(file, password);
            } catch (IOException | GeneralSecurityException e) {
                throw new CryptoException("The master key store " + file + " changed and cannot be read again", e);
            }
            loadedVersion = current;
            ring = null;
        }
    }

    /**
     * Why this store cannot be used now, if it cannot: its file is gone, or was changed and cannot
     * be read with this password. The keys read before stay in memory either way.
     */
    public synchronized java.util.Optional<String> problem() {
        if (!Files.exists(file)) {
            return java.util.Optional.of("the master key store " + file + " is missing");
        }
        try {
            refresh();
            return java.util.Optional.empty();
        } catch (CryptoException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** Key ids, oldest first. */
    public synchronized List<String> ids() throws CryptoException {
        refresh();
        return idsLoaded();
    }

    private List<String> idsLoaded() throws CryptoException {
        try {
            List<String> ids = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (ALIAS.matcher(alias).matches() && store.isKeyEntry(alias)) {
                    ids.add(alias);
                }
            }
            ids.sort((a, b) -> Integer.compare(number(a), number(b)));
            return ids;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot list master keys", e);
        }
    }

    /** The id of the key new data keys are wrapped with. */
    public synchronized String primaryId() throws CryptoException {
        List<String> ids = ids();
        return ids.get(ids.size() - 1);
    }

    /** The master keys as a {@link KeyRing}. */
    public synchronized KeyRing keyRing() throws CryptoException {
        refresh();
        if (ring == null) {
            List<String> ids = idsLoaded();
            KeyRing.Builder builder = KeyRing.builder();
            for (String id : ids) {
                builder.add(id, key(id));
            }
            ring = builder.primary(ids.get(ids.size() - 1)).build();
        }
        return ring;
    }

    /**
     * The alias of the key that authenticates the audit trail ({@code ak-} and 16 random hex digits,
     * so that stores which made one each never confuse them), creating it and saving the store the
     * first time. Never rotated away, never part of the key ring.
     */
    public synchronized String auditKeyId() throws CryptoException {
        java.util.Optional<String> existing = existingAuditKeyId();
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            byte[] random = new byte[8];
            new java.security.SecureRandom().nextBytes(random);
            String id = "ak-" + Digests.hex(random);
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            store.setEntry(id, new KeyStore.SecretKeyEntry(generator.generateKey()), new KeyStore.PasswordProtection(password));
            save();
            return id;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot read or create the audit key", e);
        }
    }

    /** The alias of the audit key, if this store holds one yet. */
    public synchronized java.util.Optional<String> existingAuditKeyId() throws CryptoException {
        refresh();
        try {
            for (String alias : new java.util.TreeSet<>(Collections.list(store.aliases()))) {
                if (alias.startsWith("ak-") && store.isKeyEntry(alias)) {
                    return java.util.Optional.of(alias);
                }
            }
            return java.util.Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot read the audit key", e);
        }
    }

    /** The bytes of the audit key with this alias, if the store holds it. */
    public synchronized java.util.Optional<byte[]> auditKey(String id) throws CryptoException {
        refresh();
        try {
            return store.containsAlias(id) && id.startsWith("ak-") ? java.util.Optional.of(store.getKey(id, password).getEncoded())
                : java.util.Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot read the audit key " + id, e);
        }
    }

    /** Adds a new key, which becomes primary, and saves the file. Returns its id. */
    public synchronized String rotate() throws CryptoException {
        List<String> ids = ids();
        int next = ids.isEmpty() ? 1 : number(ids.get(ids.size() - 1)) + 1;
        String id = String.format("mk-%04d", next);
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            store.setEntry(id, new KeyStore.SecretKeyEntry(generator.generateKey()), new KeyStore.PasswordProtection(password));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot create master key " + id, e);
        }
        save();
        return id;
    }

    /** Removes a key that no data key is wrapped with any more; the primary cannot be retired. */
    public synchronized void retire(String id) throws CryptoException {
        if (id.equals(primaryId())) {
            throw new CryptoException("The primary master key " + id + " cannot be retired");
        }
        try {
            if (!store.containsAlias(id)) {
                throw new CryptoException("No master key " + id);
            }
            store.deleteEntry(id);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot retire master key " + id, e);
        }
        save();
    }

    private SecretKey key(String id) throws CryptoException {
        try {
            java.security.Key key = store.getKey(id, password);
            return new SecretKeySpec(key.getEncoded(), "AES");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot read master key " + id, e);
        }
    }

    /** Writes to a temporary file, owner-only, then moves it into place: never a half-written store. */
    private void save() throws CryptoException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".master-keys", ".tmp");
            ownerOnly(temp);
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            ownerOnly(file);
            loadedVersion = version(file);
            ring = null;
        } catch (IOException | GeneralSecurityException e) {
            throw new CryptoException("Cannot save the master key store " + file, e);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static KeyStore empty() throws CryptoException {
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new CryptoException("Cannot create a key store", e);
        }
    }

    private static int number(String id) {
        Matcher m = ALIAS.matcher(id);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
