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
    private VaultDatabase database;
    private AuditLog log;

    abstract VaultDatabase openDatabase() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        database = openDatabase();
        log = new AuditLog(database, Clock.systemUTC());
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

    @Test
    void concurrentAppendersShouldEachGetTheirOwnRecordEvenFromTwoNodes() throws Exception {
        // 50 threads, as 50 portal sessions viewing at once, split over two audit logs on the same
        // database, as two nodes: within a node appenders take turns, across nodes they race.
        AuditLog otherNode = new AuditLog(database, java.time.Clock.systemUTC());
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
        AuditLog.Verification verification = log.verify();
        assertThat(verification.intact()).as(verification.reason()).isTrue();
        assertThat(verification.records()).isEqualTo(300);
    }
}
