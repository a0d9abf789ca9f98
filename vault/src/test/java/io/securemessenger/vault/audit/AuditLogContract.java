package io.securemessenger.vault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.store.VaultDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AuditLogContract {
    /** The audit key of these tests; whoever rewrites the database in them does not have it. */
    static final AuditKeys KEYS = new AuditKeys() {
        private final Key key = new Key("ak-test", new byte[32]);

        @Override
        public Key current() {
            return key;
        }

        @Override
        public java.util.Optional<Key> find(String id) {
            return id.equals(key.id()) ? java.util.Optional.of(key) : java.util.Optional.empty();
        }
    };

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path nodeDir;
    private VaultDatabase database;
    private AuditLog log;

    abstract VaultDatabase openDatabase() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        database = openDatabase();
        log = new AuditLog(database, Clock.systemUTC(), KEYS, nodeDir.resolve("audit-checkpoints"));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private void appendThree() throws Exception {
        assertThat(log.append(AuditAction.SEAL, "dr.grey@hospital.example", "msg-1", "parts=2 recipients=2")).isEqualTo(1);
        assertThat(log.append(AuditAction.NOTIFY, "system", "dlv-1", null)).isEqualTo(2);
        assertThat(log.append(AuditAction.VIEW, "patient@outside.example", "dlv-1", null)).isEqualTo(3);
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = database.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    @Test
    void anUntouchedTrailShouldVerify() throws Exception {
        appendThree();

        AuditLog.Verification verification = log.verify();

        assertThat(verification.intact()).isTrue();
        assertThat(verification.records()).isEqualTo(3);
    }

    @Test
    void aChangedRecordShouldBeNamed() throws Exception {
        appendThree();
        execute("UPDATE vault_audit SET actor = 'someone.else@outside.example' WHERE seq = 2");

        AuditLog.Verification verification = log.verify();

        assertThat(verification.firstBroken()).contains(2L);
        assertThat(verification.reason()).isEqualTo("record 2 was changed");
    }

    @Test
    void aRemovedRecordShouldBeNamed() throws Exception {
        appendThree();
        execute("DELETE FROM vault_audit WHERE seq = 2");

        assertThat(log.verify().reason()).isEqualTo("record 2 is missing");
    }

    @Test
    void aRecordRewrittenWithAFreshHashShouldBreakTheNextLink() throws Exception {
        appendThree();
        String forged = AuditLog.hash(2, java.time.Instant.EPOCH, "NOTIFY", "system", "dlv-1", null, AuditLog.GENESIS);
        execute("UPDATE vault_audit SET hash = '" + forged + "', prev_hash = '" + AuditLog.GENESIS + "' WHERE seq = 2");

        assertThat(log.verify().firstBroken()).contains(2L);
    }

    /** Rewrites records from {@code from} on as someone with the database but not the key would: a fresh plain-hash chain. */
    private void rewriteWithPlainHashes(long from) throws Exception {
        String previous;
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(
            "SELECT hash FROM vault_audit WHERE seq = ?")) {
            select.setLong(1, from - 1);
            try (java.sql.ResultSet row = select.executeQuery()) {
                previous = row.next() ? row.getString(1) : AuditLog.GENESIS;
            }
        }
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(
            "SELECT seq, occurred_at, action, actor, subject_id, detail FROM vault_audit WHERE seq >= ? ORDER BY seq")) {
            select.setLong(1, from);
            try (java.sql.ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Object[] {row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4), row.getString(5),
                        row.getString(6)});
                }
            }
        }
        for (Object[] row : rows) {
            String actor = row[0].equals(from) ? "someone.else@outside.example" : (String) row[3];
            String hash = AuditLog.hash((Long) row[0], (java.time.Instant) row[1], (String) row[2], actor, (String) row[4], (String) row[5], previous);
            try (Connection connection = database.connection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE vault_audit SET actor = ?, prev_hash = ?, hash = ?, mac_key = NULL WHERE seq = ?")) {
                update.setString(1, actor);
                update.setString(2, previous);
                update.setString(3, hash);
                update.setLong(4, (Long) row[0]);
                update.executeUpdate();
            }
            previous = hash;
        }
    }

    @Test
    void aTrailRewrittenFromSomeRecordOnWithoutTheKeyShouldBeCaught() throws Exception {
        appendThree();
        rewriteWithPlainHashes(2);

        AuditLog.Verification verification = log.verify();

        assertThat(verification.firstBroken()).contains(2L);
        assertThat(verification.reason()).contains("record 2 is not authenticated");
    }

    @Test
    void aTrailRewrittenWholeShouldNotMatchItsCheckpoint() throws Exception {
        appendThree();
        rewriteWithPlainHashes(1);

        AuditLog.Verification verification = log.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.reason()).contains("checkpointed").contains("rewritten");
    }

    @Test
    void aTrailCutOffAfterACheckpointShouldBeCaught() throws Exception {
        appendThree();
        log.checkpoint();
        execute("DELETE FROM vault_audit WHERE seq = 3");

        AuditLog.Verification verification = log.verify();

        assertThat(verification.firstBroken()).contains(3L);
        assertThat(verification.reason()).contains("the trail ends at record 2").contains("cut off");
    }

    @Test
    void anAlteredCheckpointFileShouldBeCaught() throws Exception {
        appendThree();
        log.checkpoint();
        java.nio.file.Path file = nodeDir.resolve("audit-checkpoints");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replaceFirst("^1 ", "2 "));

        assertThat(log.verify().reason()).contains("checkpoint file").contains("altered");
    }

    @Test
    void recordsFromBeforeAuditKeysShouldVerifyWithTheKeyedOnesAfterThem() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        String first = AuditLog.hash(1, at, "SEAL", "dr.grey@hospital.example", "msg-0", null, AuditLog.GENESIS);
        try (Connection connection = database.connection(); PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO vault_audit (seq, occurred_at, action, actor, subject_id, detail, prev_hash, hash) VALUES (1, ?, 'SEAL', "
                + "'dr.grey@hospital.example', 'msg-0', NULL, ?, ?)")) {
            insert.setTimestamp(1, java.sql.Timestamp.from(at));
            insert.setString(2, AuditLog.GENESIS);
            insert.setString(3, first);
            insert.executeUpdate();
        }

        log.append(AuditAction.VIEW, "patient@outside.example", "dlv-0", null);

        AuditLog.Verification verification = log.verify();
        assertThat(verification.intact()).as(verification.reason()).isTrue();
        assertThat(verification.records()).isEqualTo(2);
    }

    @Test
    void concurrentAppendersShouldEachGetTheirOwnRecordEvenFromTwoNodes() throws Exception {
        // 50 threads, as 50 portal sessions viewing at once, split over two audit logs on the same
        // database, as two nodes: within a node appenders take turns, across nodes they race.
        AuditLog otherNode = new AuditLog(database, java.time.Clock.systemUTC(), KEYS, nodeDir.resolve("other-node-checkpoints"));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = i;
            AuditLog node = n % 2 == 0 ? log : otherNode;
            tasks.add(() -> node.append(AuditAction.VIEW, "user-" + n, "dlv-" + n, null));
        }
        List<Long> sequences = new ArrayList<>();
        for (Future<Long> future : pool.invokeAll(tasks)) {
            sequences.add(future.get());
        }
        pool.shutdown();

        assertThat(sequences).doesNotHaveDuplicates().hasSize(300);
        // Appends arriving together are committed in groups; each caller still gets its own record's number.
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT actor FROM vault_audit WHERE seq = ?")) {
            for (int n = 0; n < 300; n++) {
                select.setLong(1, sequences.get(n));
                try (java.sql.ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).as("record %d", sequences.get(n)).isEqualTo("user-" + n);
                }
            }
        }
        AuditLog.Verification verification = log.verify();
        assertThat(verification.intact()).as(verification.reason()).isTrue();
        assertThat(verification.records()).isEqualTo(300);
    }

    @Test
    void recordsShouldBeFoundByActorActionSubjectAndTimeNewestFirstAndExportedOldestFirst() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
            new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-01T09:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        AuditLog timed = new AuditLog(database, clock, KEYS, nodeDir.resolve("audit-checkpoints"));
        timed.append(AuditAction.SEAL, "dr.grey@hospital.example", "msg-1", "parts=2 recipients=2");
        now.set(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        timed.append(AuditAction.VIEW, "Patient@Outside.Example", "dlv-1", null);
        now.set(java.time.Instant.parse("2026-12-02T08:00:00Z"));
        timed.append(AuditAction.VIEW, "patient@outside.example", "dlv-1", null);
        timed.append(AuditAction.RECALL, "dr.grey@hospital.example", "msg-1", null);

        assertThat(timed.search(AuditQuery.all(), 10)).extracting(AuditRecord::seq).containsExactly(4L, 3L, 2L, 1L);
        assertThat(timed.search(AuditQuery.all(), 2)).extracting(AuditRecord::seq).containsExactly(4L, 3L);
        assertThat(timed.search(AuditQuery.all().actor(java.util.Optional.of("PATIENT@outside.example")), 10))
            .as("an address in any case").extracting(AuditRecord::seq).containsExactly(3L, 2L);
        assertThat(timed.search(AuditQuery.all().action(java.util.Optional.of(AuditAction.VIEW)).subject(java.util.Optional.of("dlv-1")), 10))
            .extracting(AuditRecord::seq).containsExactly(3L, 2L);
        assertThat(timed.search(AuditQuery.all().subject(java.util.Optional.of("msg-1")), 10)).extracting(AuditRecord::action)
            .containsExactly("RECALL", "SEAL");
        AuditQuery firstDay = AuditQuery.all().between(java.util.Optional.of(java.time.Instant.parse("2026-12-01T00:00:00Z")),
            java.util.Optional.of(java.time.Instant.parse("2026-12-02T00:00:00Z")));
        assertThat(timed.search(firstDay, 10)).extracting(AuditRecord::seq).containsExactly(2L, 1L);

        List<AuditRecord> exported = new ArrayList<>();
        timed.each(firstDay, exported::add);
        assertThat(exported).extracting(AuditRecord::seq).containsExactly(1L, 2L);
        assertThat(exported.get(1).previousHash()).isEqualTo(exported.get(0).hash());
        assertThat(exported.get(0).keyId()).contains("ak-test");
        assertThat(exported.get(0).detail()).contains("parts=2 recipients=2");
        assertThat(exported.get(1).at()).isEqualTo(java.time.Instant.parse("2026-12-01T10:00:00Z"));
    }
}
