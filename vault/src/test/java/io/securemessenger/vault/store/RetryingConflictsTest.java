package io.securemessenger.vault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Work the database rolled back over a conflict with concurrent work is tried again; other failures are not. */
class RetryingConflictsTest {
    @Test
    void aDeadlockShouldBeTriedAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        String result = VaultDatabase.retryingConflicts(() -> {
            if (runs.incrementAndGet() < 3) {
                throw new SQLException("A lock could not be obtained due to a deadlock", "40001");
            }
            return "recorded";
        });

        assertThat(result).isEqualTo("recorded");
        assertThat(runs).hasValue(3);
    }

    @Test
    void aConflictThatLastsShouldFailAfterFiveRuns() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> VaultDatabase.retryingConflicts(() -> {
            runs.incrementAndGet();
            throw new SQLException("lock timeout", "40XL1");
        })).isInstanceOf(SQLException.class);
        assertThat(runs).hasValue(5);
    }

    @Test
    void otherFailuresShouldNotBeTriedAgain() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> VaultDatabase.retryingConflicts(() -> {
            runs.incrementAndGet();
            throw new SQLException("duplicate key", "23505");
        })).isInstanceOf(SQLException.class);
        assertThat(runs).hasValue(1);
    }
}
