package io.securemessenger.vault.audit;

import io.securemessenger.vault.crypto.Digests;
import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The append-only, tamper-evident audit trail. Each record carries the SHA-256 hash of the
 * previous record, so changing, removing or inserting a record breaks the chain from that point,
 * and {@link #verify()} names the first broken record. Records hold ids, actions and counts,
 * never message content.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final int ATTEMPTS = 50;

    private final VaultDatabase database;
    private final Clock clock;
    /** Appenders of this process take turns; only other processes (nodes) can race for a sequence number. */
    private final java.util.concurrent.locks.ReentrantLock appending = new java.util.concurrent.locks.ReentrantLock(true);

    public AuditLog(VaultDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Appends a record and returns its sequence number. Concurrent appenders each get their own. */
    public long append(AuditAction action, String actor, String subjectId, String detail) throws VaultException {
        appending.lock();
        try {
            return appendInTurn(action, actor, subjectId, detail);
        } finally {
            appending.unlock();
        }
    }

    private long appendInTurn(AuditAction action, String actor, String subjectId, String detail) throws VaultException {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection connection = database.connection()) {
                connection.setAutoCommit(false);
                try {
                    long seq = 1;
                    String previous = GENESIS;
                    try (PreparedStatement select = connection.prepareStatement(
                        "SELECT seq, hash FROM vault_audit WHERE seq = (SELECT MAX(seq) FROM vault_audit)");
                         ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            seq = row.getLong(1) + 1;
                            previous = row.getString(2);
                        }
                    }
                    // Stored and hashed at millisecond precision, which every database keeps exactly.
                    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                    String hash = hash(seq, at, action.name(), actor, subjectId, detail, previous);
                    try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO vault_audit (seq, occurred_at, action, actor, subject_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setLong(1, seq);
                        insert.setTimestamp(2, Timestamp.from(at));
                        insert.setString(3, action.name());
                        insert.setString(4, actor);
                        insert.setString(5, subjectId);
                        insert.setString(6, detail);
                        insert.setString(7, previous);
                        insert.setString(8, hash);
                        insert.executeUpdate();
                    }
                    connection.commit();
                    return seq;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!isDuplicateKey(e)) {
                        throw e;
                    }
                    last = e;
                    // Another node took the number: back off a little, at random, before the next try.
                    try {
                        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L + attempt * 2L));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new VaultException("Interrupted while appending to the audit trail", interrupted);
                    }
                }
            } catch (SQLException e) {
                throw new VaultException("Cannot append to the audit trail: SQL state " + e.getSQLState(), e);
            }
        }
        throw new VaultException("Cannot append to the audit trail: too much contention", last);
    }

    /** The outcome of {@link #verify()}. */
    public static final class Verification {
        private final long records;
        private final Optional<Long> firstBroken;
        private final String reason;

        Verification(long records, Optional<Long> firstBroken, String reason) {
            this.records = records;
            this.firstBroken = firstBroken;
            this.reason = reason;
        }

        public long records() {
            return records;
        }

        public boolean intact() {
            return firstBroken.isEmpty();
        }

        /** The sequence number of the first record that does not fit the chain. */
        public Optional<Long> firstBroken() {
            return firstBroken;
        }

        public String reason() {
            return reason;
        }
    }

    /** Recomputes the chain from the first record. */
    public Verification verify() throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT seq, occurred_at, action, actor, subject_id, detail, prev_hash, hash FROM vault_audit ORDER BY seq");
             ResultSet rows = select.executeQuery()) {
            long expected = 1;
            String previous = GENESIS;
            long count = 0;
            while (rows.next()) {
                long seq = rows.getLong(1);
                if (seq != expected) {
                    return new Verification(count, Optional.of(expected), "record " + expected + " is missing");
                }
                String stored = rows.getString(8);
                if (!rows.getString(7).equals(previous)) {
                    return new Verification(count, Optional.of(seq), "record " + seq + " does not follow record " + (seq - 1));
                }
                String recomputed = hash(seq, rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                    rows.getString(5), rows.getString(6), previous);
                if (!recomputed.equals(stored)) {
                    return new Verification(count, Optional.of(seq), "record " + seq + " was changed");
                }
                previous = stored;
                expected++;
                count++;
            }
            return new Verification(count, Optional.empty(), "intact");
        } catch (SQLException e) {
            throw new VaultException("Cannot read the audit trail: SQL state " + e.getSQLState(), e);
        }
    }

    static String hash(long seq, Instant at, String action, String actor, String subjectId, String detail, String previous) {
        String canonical = seq + "\n" + at.toEpochMilli() + "\n" + action + "\n" + field(actor) + "\n" + field(subjectId) + "\n"
            + field(detail) + "\n" + previous;
        return Digests.sha256Hex(canonical);
    }

    /** Length-prefixed, so that no choice of field contents can imitate another record. */
    private static String field(String value) {
        return value == null ? "-1:" : value.length() + ":" + value;
    }

    private static boolean isDuplicateKey(SQLException e) {
        // Derby and PostgreSQL both report a unique-key violation as 23505.
        return "23505".equals(e.getSQLState());
    }
}
