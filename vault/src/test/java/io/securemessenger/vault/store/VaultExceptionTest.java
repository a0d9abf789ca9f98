package io.securemessenger.vault.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database refusals are worth trying again (a mail then waits rather than going to the error repository). */
class VaultExceptionTest {
    private static VaultException refused(String sqlState) {
        return new VaultException("Cannot discard delivery d1: SQL state " + sqlState, new SQLException("refused", sqlState));
    }

    @Test
    void deadlocksLockTimeoutsLostConnectionsAndShutdownsShouldBeTransient() {
        assertThat(refused("40001").isTransient()).as("deadlock (Derby), serialisation failure (PostgreSQL)").isTrue();
        assertThat(refused("40XL1").isTransient()).as("lock timeout (Derby)").isTrue();
        assertThat(refused("08006").isTransient()).as("connection lost").isTrue();
        assertThat(refused("57P01").isTransient()).as("administrator shutdown (PostgreSQL)").isTrue();
        assertThat(refused("53100").isTransient()).as("disk full (PostgreSQL)").isTrue();
    }

    @Test
    void refusalsOfTheRequestItselfShouldNotBeTransient() {
        assertThat(refused("23505").isTransient()).as("unique violation").isFalse();
        assertThat(refused("42X05").isTransient()).as("no such table").isFalse();
        assertThat(new VaultException("Message m1 is not in the vault").isTransient()).isFalse();
    }
}
