package io.securemessenger.vault.audit;

import io.securemessenger.vault.crypto.Digests;
import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, tamper-evident audit trail. Each record carries the hash of the previous one,
 * and its own hash is an HMAC-SHA256 under an audit key kept outside the database (the master key
 * store), so whoever can rewrite the database can neither change, remove or insert a record nor
 * rewrite the chain from some record on. Checkpoints written to a file beside the database (at the
 * first record, then every {@value #CHECKPOINT_EVERY} records or every minute) pin the chain, so a
 * trail cut off or rewritten whole is detected too. {@link #verify()} names the first broken record.
 * Records written before keys existed keep their plain SHA-256 hashes; none may follow a keyed one.
 * Records hold ids, actions and counts, never message content.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);
    static final int CHECKPOINT_EVERY = 100;
    private static final int ATTEMPTS = 50;
    /** At most this many records in one transaction. */
    private static final int GROUP_LIMIT = 200;
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditLog.class);

    private final VaultDatabase database;
    private final AuditTrailReader reader;
    private final Clock clock;
    private final AuditKeys keys;
    private final Checkpoints checkpoints;
    private volatile Instant lastCheckpoint;
    /** Appenders of this process take turns; only other processes (nodes) can race for a sequence number. */
    private final java.util.concurrent.locks.ReentrantLock appending = new java.util.concurrent.locks.ReentrantLock(true);
    /** Told of each record once it is committed, in the trail's order (e.g. the SIEM forwarder); they must not block. */
    private final java.util.List<java.util.function.Consumer<AuditRecord>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Records handed to {@link #append} and not yet in a transaction, oldest first. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** {@code checkpointFile}: outside the database, e.g. beside the master key store. */
    public AuditLog(VaultDatabase database, Clock clock, AuditKeys keys, Path checkpointFile) {
        this.database = database;
        this.reader = new AuditTrailReader(database);
        this.clock = clock;
        this.keys = keys;
        this.checkpoints = new Checkpoints(checkpointFile);
    }

    /**
     * Appends a record and returns its sequence number, once it is committed. Concurrent appenders each
     * get their own; those that arrive while a commit is under way are committed together in the next
     * transaction (group commit), so that a busy node pays one durable write per group, not per record.
     */
    public long append(AuditAction action, String actor, String subjectId, String detail) throws VaultException {
        Pending mine = new Pending(action, actor, subjectId, detail);
        waiting.add(mine);
        appending.lock();
        try {
            while (!mine.done) {
                List<Pending> group = new ArrayList<>();
                for (Pending next = waiting.poll(); next != null; next = group.size() < GROUP_LIMIT ? waiting.poll() : null) {
                    group.add(next);
                }
                commitGroup(group);
            }
        } finally {
            appending.unlock();
        }
        if (mine.failure != null) {
            // A fresh exception per appender: the group's failure, with this caller's own stack.
            throw new VaultException(mine.failure.getMessage(), mine.failure);
        }
        return mine.seq;
    }

    /** One record waiting to be appended, and, once its group is committed, its outcome. */
    private static final class Pending {
        final AuditAction action;
        final String actor;
        final String subjectId;
        final String detail;
        long seq;
        AuditRecord stored;
        VaultException failure;
        boolean done;

        Pending(AuditAction action, String actor, String subjectId, String detail) {
            this.action = action;
            this.actor = actor;
            this.subjectId = subjectId;
            this.detail = detail;
        }
    }

    /** Commits {@code group} in one transaction, chained in order; each record learns its number or the failure. */
    private void commitGroup(List<Pending> group) {
        try {
            insertInTurn(group);
            checkpointIfDue(group.get(0).seq, group.get(group.size() - 1).seq);
            tellListeners(group);
        } catch (VaultException e) {
            group.forEach(pending -> pending.failure = e);
        } catch (RuntimeException e) {
            VaultException failure = new VaultException("Cannot append to the audit trail: " + e.getClass().getSimpleName(), e);
            group.forEach(pending -> pending.failure = failure);
        } finally {
            group.forEach(pending -> pending.done = true);
        }
    }

    /** The records are committed whatever a listener does: one that fails is logged, never the group's failure. */
    private void tellListeners(List<Pending> group) {
        for (java.util.function.Consumer<AuditRecord> listener : listeners) {
            try {
                group.forEach(pending -> listener.accept(pending.stored));
            } catch (RuntimeException e) {
                LOGGER.warn("An audit trail listener failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** Inserts {@code group} after the latest record, numbering each of its records; retried when another node took a number. */
    private void insertInTurn(List<Pending> group) throws VaultException {
        AuditKeys.Key key = keys.current();
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection connection = database.connection()) {
                connection.setAutoCommit(false);
                try {
                    long seq = 0;
                    String previous = GENESIS;
                    try (PreparedStatement select = connection.prepareStatement(
                        "SELECT seq, hash FROM vault_audit WHERE seq = (SELECT MAX(seq) FROM vault_audit)");
                         ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            seq = row.getLong(1);
                            previous = row.getString(2);
                        }
                    }
                    // Stored and hashed at millisecond precision, which every database keeps exactly.
                    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                    try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO vault_audit (seq, occurred_at, action, actor, subject_id, detail, prev_hash, hash, mac_key) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        for (Pending record : group) {
                            seq++;
                            String hash = key.mac(canonical(seq, at, record.action.name(), record.actor, record.subjectId, record.detail, previous));
                            insert.setLong(1, seq);
                            insert.setTimestamp(2, Timestamp.from(at));
                            insert.setString(3, record.action.name());
                            insert.setString(4, record.actor);
                            insert.setString(5, record.subjectId);
                            insert.setString(6, record.detail);
                            insert.setString(7, previous);
                            insert.setString(8, hash);
                            insert.setString(9, key.id());
                            insert.executeUpdate();
                            record.seq = seq;
                            record.stored = new AuditRecord(seq, at, record.action.name(), record.actor, record.subjectId, record.detail,
                                previous, hash, key.id());
                            previous = hash;
                        }
                    }
                    connection.commit();
                    return;
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

    /** The audit keys the trail's records are authenticated with (their ids), whichever store holds them. */
    public static java.util.Set<String> keysInUse(VaultDatabase database) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT DISTINCT mac_key FROM vault_audit WHERE mac_key IS NOT NULL");
             ResultSet rows = select.executeQuery()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        } catch (SQLException e) {
            throw new VaultException("Cannot read the audit trail: SQL state " + e.getSQLState(), e);
        }
    }

    /** Tells {@code listener} of every record this node commits from now on, in order, in the appending thread: it must not block. */
    public void addListener(java.util.function.Consumer<AuditRecord> listener) {
        listeners.add(listener);
    }

    /** Receives the records of {@link #each}, one at a time. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(AuditRecord record) throws java.io.IOException;
    }

    /** The newest records that {@code query} matches, newest first, at most {@code limit}. */
    public List<AuditRecord> search(AuditQuery query, int limit) throws VaultException {
        return reader.search(query, limit);
    }

    /** Every record that {@code query} matches, oldest first, handed to {@code sink} as it is read (an export of any size). */
    public void each(AuditQuery query, RecordSink sink) throws VaultException, java.io.IOException {
        reader.each(query, sink);
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

    /**
     * Recomputes the chain from the first record: every link, every record's HMAC under its audit key
     * (or plain hash, for records from before keys), and every checkpoint of this node's file.
     */
    public Verification verify() throws VaultException {
        List<Checkpoints.Checkpoint> pinned = checkpoints.read();
        Map<Long, Checkpoints.Checkpoint> bySeq = new HashMap<>();
        long lastPinned = 0;
        for (Checkpoints.Checkpoint checkpoint : pinned) {
            Optional<AuditKeys.Key> key = checkpoint.seq < 0 ? Optional.empty() : keys.find(checkpoint.keyId);
            if (key.isEmpty() || !MessageDigest.isEqual(key.get().mac(checkpoint.signed()).getBytes(StandardCharsets.US_ASCII),
                checkpoint.mac.getBytes(StandardCharsets.US_ASCII))) {
                return new Verification(0, Optional.of(Math.max(1, checkpoint.seq)), "line " + checkpoint.line + " of the checkpoint file "
                    + checkpoints.file() + " was altered or its audit key is not in this key store");
            }
            bySeq.put(checkpoint.seq, checkpoint);
            lastPinned = Math.max(lastPinned, checkpoint.seq);
        }
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT seq, occurred_at, action, actor, subject_id, detail, prev_hash, hash, mac_key FROM vault_audit ORDER BY seq");
             ResultSet rows = select.executeQuery()) {
            long expected = 1;
            String previous = GENESIS;
            long count = 0;
            boolean keyed = false;
            while (rows.next()) {
                long seq = rows.getLong(1);
                if (seq != expected) {
                    return new Verification(count, Optional.of(expected), "record " + expected + " is missing");
                }
                String stored = rows.getString(8);
                if (!rows.getString(7).equals(previous)) {
                    return new Verification(count, Optional.of(seq), "record " + seq + " does not follow record " + (seq - 1));
                }
                String canonical = canonical(seq, rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                    rows.getString(5), rows.getString(6), previous);
                String keyId = rows.getString(9);
                String recomputed;
                if (keyId == null) {
                    if (keyed) {
                        return new Verification(count, Optional.of(seq), "record " + seq + " is not authenticated, although records before it are");
                    }
                    recomputed = Digests.sha256Hex(canonical);
                } else {
                    keyed = true;
                    Optional<AuditKeys.Key> key = keys.find(keyId);
                    if (key.isEmpty()) {
                        return new Verification(count, Optional.of(seq), "record " + seq + " is authenticated with audit key " + keyId
                            + ", which this key store does not hold (copy master-keys.p12 from the node that made it)");
                    }
                    recomputed = key.get().mac(canonical);
                }
                if (!MessageDigest.isEqual(recomputed.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII))) {
                    return new Verification(count, Optional.of(seq), "record " + seq + " was changed");
                }
                Checkpoints.Checkpoint checkpoint = bySeq.get(seq);
                if (checkpoint != null && !checkpoint.hash.equals(stored)) {
                    return new Verification(count, Optional.of(seq), "record " + seq + " is not the one checkpointed at " + checkpoint.at
                        + ": the trail was rewritten");
                }
                previous = stored;
                expected++;
                count++;
            }
            if (lastPinned >= expected) {
                return new Verification(count, Optional.of(expected), "the trail ends at record " + (expected - 1) + ", but record "
                    + lastPinned + " was checkpointed at " + bySeq.get(lastPinned).at + ": records were cut off");
            }
            return new Verification(count, Optional.empty(), "intact");
        } catch (SQLException e) {
            throw new VaultException("Cannot read the audit trail: SQL state " + e.getSQLState(), e);
        }
    }

    /**
     * Pins the latest record in the checkpoint file: at the first append, then whenever a group passes a
     * multiple of 100 records, or a minute has gone by.
     */
    private void checkpointIfDue(long firstSeq, long lastSeq) {
        Instant now = clock.instant();
        Instant last = lastCheckpoint;
        boolean passedHundred = (firstSeq - 1) / CHECKPOINT_EVERY != lastSeq / CHECKPOINT_EVERY;
        if (last != null && !passedHundred && !now.isAfter(last.plusSeconds(60))) {
            return;
        }
        try {
            checkpoint();
            lastCheckpoint = now;
        } catch (VaultException e) {
            // The record is kept; the next append tries again.
            LOGGER.warn("Audit checkpoint not written, tried again at the next record: {}", e.getMessage());
        }
    }

    /** Writes a checkpoint of the latest record now (when there is one). */
    public void checkpoint() throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT seq, hash FROM vault_audit WHERE seq = (SELECT MAX(seq) FROM vault_audit)");
             ResultSet row = select.executeQuery()) {
            if (row.next()) {
                checkpoints.append(row.getLong(1), row.getString(2), clock.instant().truncatedTo(ChronoUnit.MILLIS), keys.current());
            }
        } catch (SQLException e) {
            throw new VaultException("Cannot read the audit trail: SQL state " + e.getSQLState(), e);
        }
    }

    /** What a record's hash or HMAC covers. */
    static String canonical(long seq, Instant at, String action, String actor, String subjectId, String detail, String previous) {
        return seq + "\n" + at.toEpochMilli() + "\n" + action + "\n" + field(actor) + "\n" + field(subjectId) + "\n"
            + field(detail) + "\n" + previous;
    }

    /** The plain hash of records written before audit keys existed. */
    static String hash(long seq, Instant at, String action, String actor, String subjectId, String detail, String previous) {
        return Digests.sha256Hex(canonical(seq, at, action, actor, subjectId, detail, previous));
    }

    /** Length-prefixed, so that no choice of field contents can imitate another record. */
    private static String field(String value) {
        return value == null ? "-1:" : value.length() + ":" + value;
    }

    private static boolean isDuplicateKey(SQLException e) {
        return VaultDatabase.UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
