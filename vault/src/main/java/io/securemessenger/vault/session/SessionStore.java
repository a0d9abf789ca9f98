package io.securemessenger.vault.session;

import io.securemessenger.vault.crypto.Digests;
import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Portal sessions, in the vault database so that every portal node sees them. The session id
 * (256 random bits, in the cookie) is stored only as its SHA-256 hash; each session carries its
 * own CSRF token. A session is anonymous until sign-in, which replaces it with a new one.
 */
public final class SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VaultDatabase database;

    public SessionStore(VaultDatabase database) {
        this.database = database;
    }

    /** A session as stored. */
    public static final class Session {
        private final String idHash;
        private final Optional<String> principal;
        private final Optional<String> kind;
        private final String csrf;
        private final Optional<String> pending;
        private final Instant createdAt;
        private final Instant lastSeenAt;

        Session(String idHash, Optional<String> principal, Optional<String> kind, String csrf, Optional<String> pending, Instant createdAt,
                Instant lastSeenAt) {
            this.idHash = idHash;
            this.principal = principal;
            this.kind = kind;
            this.csrf = csrf;
            this.pending = pending;
            this.createdAt = createdAt;
            this.lastSeenAt = lastSeenAt;
        }

        public String idHash() {
            return idHash;
        }

        /** Who signed in; empty for an anonymous session. */
        public Optional<String> principal() {
            return principal;
        }

        /** What kind of user signed in (the portal's names); empty for an anonymous session. */
        public Optional<String> kind() {
            return kind;
        }

        public String csrf() {
            return csrf;
        }

        /** The delivery whose link started this visit, to open after sign-in. */
        public Optional<String> pending() {
            return pending;
        }

        public Instant createdAt() {
            return createdAt;
        }

        public Instant lastSeenAt() {
            return lastSeenAt;
        }
    }

    /** A new session and the id for its cookie (the only place the id exists in clear). */
    public static final class Created {
        private final String id;
        private final Session session;

        Created(String id, Session session) {
            this.id = id;
            this.session = session;
        }

        public String id() {
            return id;
        }

        public Session session() {
            return session;
        }
    }

    public Created create(Optional<String> principal, Optional<String> kind, Optional<String> pending, Instant now) throws VaultException {
        String id = random();
        Session session = new Session(hash(id), principal, kind, random(), pending, now, now);
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO portal_session (id_hash, principal, kind, csrf, pending, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, session.idHash);
            insert.setString(2, principal.orElse(null));
            insert.setString(3, kind.orElse(null));
            insert.setString(4, session.csrf);
            insert.setString(5, pending.orElse(null));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setTimestamp(7, Timestamp.from(now));
            insert.executeUpdate();
            return new Created(id, session);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The session a cookie names, if it exists. */
    public Optional<Session> find(String presentedId) throws VaultException {
        if (presentedId == null || presentedId.length() != 43) {
            return Optional.empty();
        }
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT id_hash, principal, kind, csrf, pending, created_at, last_seen_at FROM portal_session WHERE id_hash = ?")) {
            select.setString(1, hash(presentedId));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Session(row.getString(1), Optional.ofNullable(row.getString(2)), Optional.ofNullable(row.getString(3)),
                    row.getString(4), Optional.ofNullable(row.getString(5)), row.getTimestamp(6).toInstant(), row.getTimestamp(7).toInstant()));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public void touch(Session session, Instant now) throws VaultException {
        update("UPDATE portal_session SET last_seen_at = ? WHERE id_hash = ?", Timestamp.from(now), session.idHash);
    }

    public void setPending(Session session, String deliveryId) throws VaultException {
        update("UPDATE portal_session SET pending = ? WHERE id_hash = ?", deliveryId, session.idHash);
    }

    public void delete(Session session) throws VaultException {
        update("DELETE FROM portal_session WHERE id_hash = ?", session.idHash);
    }

    /** Ends every session of {@code principal} (after a password reset). */
    public void deleteAllOf(String principal) throws VaultException {
        update("DELETE FROM portal_session WHERE principal = ?", principal);
    }

    /** Removes sessions idle since before {@code idleBefore} or created before {@code createdBefore}. */
    public int deleteExpired(Instant idleBefore, Instant createdBefore) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement(
                 "DELETE FROM portal_session WHERE last_seen_at < ? OR created_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(idleBefore));
            delete.setTimestamp(2, Timestamp.from(createdBefore));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void update(String sql, Object... values) throws VaultException {
        database.update(sql, values);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String id) {
        return Digests.sha256Hex(id);
    }

    private static VaultException unavailable(SQLException e) {
        return VaultDatabase.unavailable(e);
    }
}
