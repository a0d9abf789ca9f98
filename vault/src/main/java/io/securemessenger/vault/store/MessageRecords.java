package io.securemessenger.vault.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the vault knows of its sealed messages without opening them: who sealed a message and
 * when, when it expires, its thread, a sender's messages (Sent Items), and the messages due for
 * expiry or for a warning to their sender. {@link SealedMessageStore} seals, opens and destroys
 * their content.
 */
public final class MessageRecords {
    private final VaultDatabase database;

    public MessageRecords(VaultDatabase database) {
        this.database = database;
    }

    /** A message that expires soon, for the warning to its sender. */
    public static final class Expiring {
        private final String messageId;
        private final String sender;
        private final Instant expiresAt;

        Expiring(String messageId, String sender, Instant expiresAt) {
            this.messageId = messageId;
            this.sender = sender;
            this.expiresAt = expiresAt;
        }

        public String messageId() {
            return messageId;
        }

        public String sender() {
            return sender;
        }

        public Instant expiresAt() {
            return expiresAt;
        }
    }

    /**
     * The records of the messages of the thread {@code messageId} belongs to, itself included,
     * oldest first; empty for an unknown message. One query gives a portal view its message's
     * expiry and its replies' senders and state.
     */
    public List<Found> threadOf(String messageId) throws VaultException {
        // Ordered here rather than by the database: a thread is a few messages, and Derby sets up a
        // sort for every ORDER BY, which made this the costliest query of a portal view.
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT m.id, m.sender, m.sealed_at, m.expires_at, m.destroyed_at, m.in_reply_to"
                     + " FROM vault_message m JOIN vault_message t ON m.thread_id = t.thread_id WHERE t.id = ?")) {
            select.setString(1, messageId);
            List<Found> thread = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    thread.add(found(rows));
                }
            }
            thread.sort(java.util.Comparator.comparing(Found::sealedAt).thenComparing(Found::messageId));
            return thread;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The message {@code messageId} answers; empty for the first message of a thread. */
    public java.util.Optional<String> inReplyTo(String messageId) throws VaultException {
        return column(messageId, "in_reply_to", row -> row.getString(1));
    }

    /** The messages {@code sender} sealed (not their portal replies), newest first, at most {@code limit}. */
    public List<String> sentBy(String sender, int limit) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT id FROM vault_message WHERE sender_key = ? AND in_reply_to IS NULL ORDER BY sealed_at DESC, id")) {
            select.setString(1, senderKey(sender));
            select.setMaxRows(limit);
            return SealedMessageStore.firstColumn(select);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A sealed message as a search finds it: who sealed it and when, its expiry, and whether it is destroyed or a reply. */
    public static final class Found {
        private final String messageId;
        private final String sender;
        private final Instant sealedAt;
        private final Instant expiresAt;
        private final java.util.Optional<Instant> destroyedAt;
        private final java.util.Optional<String> inReplyTo;

        Found(String messageId, String sender, Instant sealedAt, Instant expiresAt, Instant destroyedAt, String inReplyTo) {
            this.messageId = messageId;
            this.sender = sender;
            this.sealedAt = sealedAt;
            this.expiresAt = expiresAt;
            this.destroyedAt = java.util.Optional.ofNullable(destroyedAt);
            this.inReplyTo = java.util.Optional.ofNullable(inReplyTo);
        }

        public String messageId() {
            return messageId;
        }

        public String sender() {
            return sender;
        }

        public Instant sealedAt() {
            return sealedAt;
        }

        public Instant expiresAt() {
            return expiresAt;
        }

        /** When its key and content were destroyed (expiry); empty while it can be read. */
        public java.util.Optional<Instant> destroyedAt() {
            return destroyedAt;
        }

        /** The message it answers, for a reply written on the portal. */
        public java.util.Optional<String> inReplyTo() {
            return inReplyTo;
        }
    }

    /** The sealed messages (portal replies included) that {@code query} matches, newest first, at most {@code limit}. */
    public List<Found> search(MessageQuery query, int limit) throws VaultException {
        StringBuilder sql = new StringBuilder(
            "SELECT m.id, m.sender, m.sealed_at, m.expires_at, m.destroyed_at, m.in_reply_to FROM vault_message m WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        query.sender().ifPresent(sender -> {
            sql.append(" AND m.sender_key = ?");
            values.add(sender);
        });
        query.recipient().ifPresent(recipient -> {
            sql.append(" AND EXISTS (SELECT 1 FROM vault_delivery d WHERE d.message_id = m.id AND d.recipient_key = ?)");
            values.add(recipient);
        });
        query.from().ifPresent(from -> {
            sql.append(" AND m.sealed_at >= ?");
            values.add(Timestamp.from(from));
        });
        query.to().ifPresent(to -> {
            sql.append(" AND m.sealed_at < ?");
            values.add(Timestamp.from(to));
        });
        query.status().ifPresent(status -> {
            sql.append(" AND EXISTS (SELECT 1 FROM vault_delivery d JOIN vault_delivery_event e ON e.delivery_id = d.id"
                + " WHERE d.message_id = m.id AND e.status = ?"
                + " AND e.seq = (SELECT MAX(l.seq) FROM vault_delivery_event l WHERE l.delivery_id = d.id))");
            values.add(status);
        });
        sql.append(" ORDER BY m.sealed_at DESC, m.id");
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            select.setMaxRows(limit);
            List<Found> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(found(row));
                }
            }
            return found;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** One message as {@link #search} would find it; empty for an unknown message. */
    public java.util.Optional<Found> find(String messageId) throws VaultException {
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(
            "SELECT id, sender, sealed_at, expires_at, destroyed_at, in_reply_to FROM vault_message WHERE id = ?")) {
            select.setString(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? java.util.Optional.of(found(row)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A row of id, sender, sealed_at, expires_at, destroyed_at, in_reply_to. */
    private static Found found(ResultSet row) throws SQLException {
        Timestamp destroyed = row.getTimestamp(5);
        return new Found(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(), row.getTimestamp(4).toInstant(),
            destroyed == null ? null : destroyed.toInstant(), row.getString(6));
    }

    /**
     * Moves a message's expiry (extended or shortened by an officer); false when it is unknown or
     * already destroyed. Its sender may be warned again before the new time.
     */
    public boolean changeExpiry(String messageId, Instant expiresAt) throws VaultException {
        return database.update("UPDATE vault_message SET expires_at = ?, warned_at = NULL WHERE id = ? AND destroyed_at IS NULL",
            Timestamp.from(expiresAt), messageId) == 1;
    }

    /** When a message was sealed (empty for an unknown message). */
    public java.util.Optional<Instant> sealedAt(String messageId) throws VaultException {
        return column(messageId, "sealed_at", row -> row.getTimestamp(1).toInstant());
    }

    /** Who sealed a message (empty for a null sender, or an unknown message). */
    public java.util.Optional<String> sender(String messageId) throws VaultException {
        return column(messageId, "sender", row -> row.getString(1)).filter(sender -> !sender.isEmpty());
    }

    /** An address as messages are looked up by their sender: without surrounding blanks, in lower case (indexed, unlike LOWER(sender)). */
    static String senderKey(String sender) {
        return sender.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads one column of a message's row. */
    private interface ColumnReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> java.util.Optional<T> column(String messageId, String column, ColumnReader<T> reader) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT " + column + " FROM vault_message WHERE id = ?")) {
            select.setString(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? java.util.Optional.ofNullable(reader.read(row)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Messages not yet destroyed whose time is up at {@code now}. */
    public List<String> expiredBy(Instant now) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT id FROM vault_message WHERE destroyed_at IS NULL AND expires_at <= ? ORDER BY expires_at")) {
            select.setTimestamp(1, Timestamp.from(now));
            return SealedMessageStore.firstColumn(select);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Messages that expire by {@code by}, that no recipient has opened and whose sender was not
     * warned yet: the senders to tell that an unread message is about to expire.
     */
    public List<Expiring> unreadExpiringBy(Instant by) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT m.id, m.sender, m.expires_at FROM vault_message m WHERE m.destroyed_at IS NULL AND m.warned_at IS NULL"
                     + " AND m.expires_at <= ? AND NOT EXISTS (SELECT 1 FROM vault_delivery d JOIN vault_delivery_event e"
                     + " ON e.delivery_id = d.id WHERE d.message_id = m.id AND e.status = 'RETRIEVED') ORDER BY m.expires_at")) {
            select.setTimestamp(1, Timestamp.from(by));
            List<Expiring> expiring = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    expiring.add(new Expiring(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant()));
                }
            }
            return expiring;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Claims the expiry warning of a message for the caller: true for exactly one caller, however
     * many nodes sweep at once, so the sender is warned once.
     */
    public boolean claimWarning(String messageId, Instant at) throws VaultException {
        return database.update("UPDATE vault_message SET warned_at = ? WHERE id = ? AND warned_at IS NULL", Timestamp.from(at), messageId) == 1;
    }

    /** Gives a claimed warning back (it could not be sent), for the next sweep to try again. */
    public void releaseWarning(String messageId) throws VaultException {
        database.update("UPDATE vault_message SET warned_at = NULL WHERE id = ?", messageId);
    }

    private static VaultException unavailable(SQLException e) {
        return VaultDatabase.unavailable(e);
    }
}
