package io.securemessenger.vault.store;

import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.crypto.MessageKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sealed messages in the vault database. {@link #seal} encrypts each part as it streams in
 * (a fresh data key per message, wrapped by the primary master key) and stores it in chunks, all
 * in one transaction: a message is stored whole or not at all. {@link #open} streams a part back,
 * decrypting and authenticating it chunk by chunk. Memory use is one chunk and one segment per
 * part, whatever its size. The database never sees plaintext or an unwrapped key.
 */
public final class SealedMessageStore {
    /** The most sealed bytes one chunk row holds on PostgreSQL, which keeps large values out of line anyway (TOAST). */
    static final int CHUNK = 1024 * 1024;
    /**
     * The most sealed bytes one chunk row holds on Derby: a row that fits a page of the chunk
     * table (32 KiB, Derby's size for tables with a BLOB) is stored and logged as it is. A larger
     * value becomes a "long column" spread over overflow pages, which Derby logs through buffers
     * of its own: sealing 25 MiB in 1 MiB chunks allocated 6.4 times the part's size (JFR:
     * {@code MemByteHolder}, {@code DynamicByteArrayOutputStream}), in 30 KiB chunks 1.5 times,
     * two thirds of that the encryption's output arrays, which are now reused.
     */
    static final int DERBY_CHUNK = 30 * 1024;

    private final VaultDatabase database;

    /** The most sealed bytes this store writes into one chunk row. */
    int chunkBytes() {
        return database.kind() == VaultDatabase.Kind.DERBY ? DERBY_CHUNK : CHUNK;
    }

    public SealedMessageStore(VaultDatabase database) {
        this.database = database;
    }

    /** A part to seal: its id within the message ({@code body}, {@code attachment-1}) and its content. */
    public static final class Part {
        private final String id;
        private final InputStream content;

        private Part(String id, InputStream content) {
            this.id = Objects.requireNonNull(id);
            this.content = Objects.requireNonNull(content);
        }

        public static Part of(String id, InputStream content) {
            return new Part(id, content);
        }
    }

    /** Seals a message from {@code sender} for retention until {@code expiresAt}; it starts a thread of its own. */
    public void seal(String messageId, String sender, KeyRing ring, Instant sealedAt, Instant expiresAt, List<Part> parts)
        throws VaultException {
        if (!seal(messageId, sender, ring, sealedAt, expiresAt, parts, java.util.Optional.empty())) {
            throw new VaultException("Message " + messageId + " is in the vault already");
        }
    }

    /**
     * Seals a message as {@link #seal} does unless one with this id is in the vault already (the
     * same mail sealed before a crash): then nothing is written and the answer is {@code false}.
     * One statement fewer than asking first.
     */
    public boolean sealUnlessSealed(String messageId, String sender, KeyRing ring, Instant sealedAt, Instant expiresAt, List<Part> parts)
        throws VaultException {
        return seal(messageId, sender, ring, sealedAt, expiresAt, parts, java.util.Optional.empty());
    }

    /**
     * Seals a reply to {@code inReplyTo}, in that message's thread. Fails when {@code inReplyTo}
     * is not in the vault.
     */
    public void sealReply(String messageId, String inReplyTo, String sender, KeyRing ring, Instant sealedAt, Instant expiresAt,
                          List<Part> parts) throws VaultException {
        if (!seal(messageId, sender, ring, sealedAt, expiresAt, parts, java.util.Optional.of(inReplyTo))) {
            throw new VaultException("Message " + messageId + " is in the vault already");
        }
    }

    /** False, with nothing written, when a message with this id is in the vault already. */
    private boolean seal(String messageId, String sender, KeyRing ring, Instant sealedAt, Instant expiresAt, List<Part> parts,
                      java.util.Optional<String> inReplyTo) throws VaultException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                String threadId = messageId;
                if (inReplyTo.isPresent()) {
                    try (PreparedStatement select = connection.prepareStatement("SELECT thread_id FROM vault_message WHERE id = ?")) {
                        select.setString(1, inReplyTo.get());
                        List<String> thread = firstColumn(select);
                        if (thread.isEmpty()) {
                            throw new VaultException("Message " + inReplyTo.get() + " is not in the vault: no reply to it can be sealed");
                        }
                        threadId = thread.get(0);
                    }
                }
                MessageKey key = MessageKey.generate(messageId);
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO vault_message (id, sender, sender_key, master_key_id, wrapped_key, sealed_at, expires_at, thread_id, in_reply_to)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, messageId);
                    insert.setString(2, sender);
                    insert.setString(3, MessageRecords.senderKey(sender));
                    insert.setString(4, ring.primaryId());
                    insert.setBytes(5, key.wrap(ring));
                    insert.setTimestamp(6, Timestamp.from(sealedAt));
                    insert.setTimestamp(7, Timestamp.from(expiresAt));
                    insert.setString(8, threadId);
                    insert.setString(9, inReplyTo.orElse(null));
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (VaultDatabase.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        connection.rollback();
                        return false;
                    }
                    throw e;
                }
                for (Part part : parts) {
                    storePart(connection, key, messageId, part);
                }
                connection.commit();
                return true;
            } catch (VaultException e) {
                connection.rollback();
                throw e;
            } catch (SQLException | IOException | CryptoException | RuntimeException e) {
                connection.rollback();
                throw new VaultException("Message " + messageId + " could not be sealed: " + e.getClass().getSimpleName()
                    + (e instanceof SQLException ? " (SQL state " + ((SQLException) e).getSQLState() + ")" : ""), e);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void storePart(Connection connection, MessageKey key, String messageId, Part part)
        throws SQLException, IOException, CryptoException {
        ChunkWriter chunks = new ChunkWriter(connection, messageId, part.id, chunkBytes());
        try (OutputStream encrypting = key.encryptingStream(part.id, chunks); InputStream in = part.content) {
            in.transferTo(encrypting);
        }
    }

    /**
     * The decrypted content of a part. Reading fails with an {@link IOException} whose cause is
     * a {@link CryptoException} if stored data was altered. Close the stream to release its
     * database connection.
     */
    public InputStream open(String messageId, String partId, KeyRing ring) throws VaultException {
        java.util.Optional<InputStream> part = openIfPresent(messageId, partId, ring);
        if (part.isPresent()) {
            return part.get();
        }
        // Only now asked: whether the message is unknown, expired, or without that part.
        try (Connection connection = database.connection()) {
            wrappedKey(connection, messageId);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        throw new VaultException("Message " + messageId + " has no part " + partId);
    }

    /**
     * The decrypted content of a part, or empty when the message has no such part (never had
     * it, or has expired). Close the stream to release its database connection.
     */
    public java.util.Optional<InputStream> openIfPresent(String messageId, String partId, KeyRing ring) throws VaultException {
        Connection connection = null;
        try {
            connection = database.connection();
            int chunks;
            byte[] wrapped;
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT p.chunks, m.wrapped_key FROM vault_part p JOIN vault_message m ON m.id = p.message_id"
                    + " WHERE p.message_id = ? AND p.part_id = ?")) {
                select.setString(1, messageId);
                select.setString(2, partId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || row.getBytes(2) == null) {
                        closeQuietly(connection);
                        return java.util.Optional.empty();
                    }
                    chunks = row.getInt(1);
                    wrapped = row.getBytes(2);
                }
            }
            MessageKey key = MessageKey.unwrap(ring, messageId, wrapped);
            return java.util.Optional.of(key.decryptingStream(partId, new ChunkReader(connection, messageId, partId, chunks)));
        } catch (SQLException | CryptoException e) {
            closeQuietly(connection);
            throw new VaultException("Part " + partId + " of message " + messageId + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Adds a part to a message sealed before, under the message's own data key: what can be
     * derived from the message (the portal's page of it) and is kept sealed beside it. Returns
     * false, storing nothing, when the part exists already or the message's content was destroyed
     * (the row lock taken first orders this against {@link #destroyContent}, so no part outlives
     * an expiry).
     */
    public boolean addPart(String messageId, KeyRing ring, Part part) throws VaultException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(
                    "UPDATE vault_message SET wrapped_key = wrapped_key WHERE id = ? AND destroyed_at IS NULL AND wrapped_key IS NOT NULL")) {
                    lock.setString(1, messageId);
                    if (lock.executeUpdate() == 0) {
                        connection.rollback();
                        return false;
                    }
                }
                try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM vault_part WHERE message_id = ? AND part_id = ?")) {
                    exists.setString(1, messageId);
                    exists.setString(2, part.id);
                    try (ResultSet row = exists.executeQuery()) {
                        if (row.next()) {
                            connection.rollback();
                            return false;
                        }
                    }
                }
                MessageKey key = MessageKey.unwrap(ring, messageId, wrappedKey(connection, messageId));
                storePart(connection, key, messageId, part);
                connection.commit();
                return true;
            } catch (VaultException e) {
                connection.rollback();
                throw e;
            } catch (SQLException | IOException | CryptoException | RuntimeException e) {
                connection.rollback();
                throw new VaultException("Part " + part.id + " could not be added to message " + messageId + ": " + e.getClass().getSimpleName()
                    + (e instanceof SQLException ? " (SQL state " + ((SQLException) e).getSQLState() + ")" : ""), e);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The ids of a message's parts; none once it has expired. */
    public List<String> partIds(String messageId) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT part_id FROM vault_part WHERE message_id = ?")) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM vault_message WHERE id = ?")) {
                exists.setString(1, messageId);
                try (ResultSet row = exists.executeQuery()) {
                    if (!row.next()) {
                        throw new VaultException("No sealed message " + messageId);
                    }
                }
            }
            select.setString(1, messageId);
            return firstColumn(select);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Re-wraps every data key not wrapped by the ring's primary master key, without touching
     * the parts. Returns how many were re-wrapped; afterwards older master keys can be retired.
     */
    public int rewrap(KeyRing ring) throws VaultException {
        int count = 0;
        try (Connection connection = database.connection()) {
            List<String> ids;
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM vault_message WHERE master_key_id <> ? AND wrapped_key IS NOT NULL")) {
                select.setString(1, ring.primaryId());
                ids = firstColumn(select);
            }
            for (String id : ids) {
                byte[] rewrapped = MessageKey.unwrap(ring, id, wrappedKey(connection, id)).wrap(ring);
                try (PreparedStatement update = connection.prepareStatement(
                    // Not over a key that retention destroyed meanwhile.
                    "UPDATE vault_message SET master_key_id = ?, wrapped_key = ? WHERE id = ? AND wrapped_key IS NOT NULL")) {
                    update.setString(1, ring.primaryId());
                    update.setBytes(2, rewrapped);
                    update.setString(3, id);
                    count += update.executeUpdate();
                }
            }
            return count;
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (CryptoException e) {
            throw new VaultException("Re-wrapping stopped: " + e.getMessage(), e);
        }
    }

    /** The master keys some stored data key is still wrapped with. */
    public Set<String> masterKeysInUse() throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT DISTINCT master_key_id FROM vault_message WHERE master_key_id IS NOT NULL")) {
            return new TreeSet<>(firstColumn(select));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Removes a message entirely, record and deliveries included (an administrator's purge;
     * expiry uses {@link #destroyContent}). Returns false when there was no such message.
     */
    public boolean destroy(String messageId) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM vault_message WHERE id = ?")) {
            delete.setString(1, messageId);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Destroys a message's wrapped key and all its ciphertext, keeping its record and deliveries;
     * the content cannot be recovered afterwards. Returns false when it was already destroyed.
     */
    public boolean destroyContent(String messageId, Instant at) throws VaultException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE vault_message SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = ? WHERE id = ? AND destroyed_at IS NULL")) {
                    update.setTimestamp(1, Timestamp.from(at));
                    update.setString(2, messageId);
                    updated = update.executeUpdate();
                }
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM vault_part WHERE message_id = ?")) {
                    delete.setString(1, messageId);
                    delete.executeUpdate();
                }
                connection.commit();
                return updated > 0;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new VaultException("Cannot destroy message " + messageId + ": SQL state " + e.getSQLState(), e);
        }
    }

    private static byte[] wrappedKey(Connection connection, String messageId) throws SQLException, VaultException {
        try (PreparedStatement select = connection.prepareStatement("SELECT wrapped_key FROM vault_message WHERE id = ?")) {
            select.setString(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new VaultException("No sealed message " + messageId);
                }
                byte[] wrapped = row.getBytes(1);
                if (wrapped == null) {
                    throw new VaultException("Message " + messageId + " has expired: its key and content were destroyed");
                }
                return wrapped;
            }
        }
    }

    /** The first column of every row the query returns. */
    static List<String> firstColumn(PreparedStatement select) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static VaultException unavailable(SQLException e) {
        return VaultDatabase.unavailable(e);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already failing; the first error is the one reported.
            }
        }
    }
}
