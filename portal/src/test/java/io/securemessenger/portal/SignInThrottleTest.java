package io.securemessenger.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in limiters on their own, counted in a real (Derby) vault. */
class SignInThrottleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String VICTIM = "patient@outside.example";
    private static final String ATTACKER = "203.0.113.7";
    private static final String OWNER = "198.51.100.20";

    @TempDir
    Path dir;
    private Vault vault;
    private SignInThrottle throttle;

    @BeforeEach
    void open() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        throttle = new SignInThrottle(vault);
    }

    @AfterEach
    void close() {
        vault.close();
    }

    @Test
    void anAttackerGuessingAPasswordShouldSlowOnlyThemselvesNotTheOwner() throws Exception {
        for (int i = 0; i < 9; i++) {
            throttle.failed(VICTIM, ATTACKER, T0.plusSeconds(i));
        }

        assertThat(throttle.refuses(VICTIM, ATTACKER, T0.plusSeconds(10))).isTrue();
        assertThat(throttle.refuses(VICTIM, OWNER, T0.plusSeconds(10))).as("the owner, from elsewhere").isFalse();
    }

    @Test
    void theFirstThreeFailuresShouldCostNothingThenWaitsDouble() {
        assertThat(SignInThrottle.pairBackoff(3)).isZero();
        assertThat(SignInThrottle.pairBackoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SignInThrottle.pairBackoff(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(SignInThrottle.pairBackoff(40)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void sprayingOnePasswordOverManyAccountsShouldSlowThatSource() throws Exception {
        for (int i = 0; i < 22; i++) {
            throttle.failed("user" + i + "@outside.example", ATTACKER, T0.plusSeconds(i));
        }

        assertThat(throttle.refuses("another@outside.example", ATTACKER, T0.plusSeconds(23))).as("a new account, same source").isTrue();
        assertThat(throttle.refuses("another@outside.example", OWNER, T0.plusSeconds(23))).as("another source").isFalse();
    }

    @Test
    void aSourceQuietForAnHourShouldStartAfresh() throws Exception {
        for (int i = 0; i < 22; i++) {
            throttle.failed("user" + i + "@outside.example", ATTACKER, T0);
        }
        Instant later = T0.plus(Duration.ofHours(2));

        throttle.failed("late@outside.example", ATTACKER, later);

        assertThat(throttle.refuses("next@outside.example", ATTACKER, later.plusSeconds(1))).isFalse();
    }

    @Test
    void aPasswordResetShouldForgetTheFailuresAgainstTheAccountFromEverySource() throws Exception {
        for (int i = 0; i < 6; i++) {
            throttle.failed(VICTIM, ATTACKER, T0);
            throttle.failed(VICTIM, OWNER, T0);
        }

        throttle.forgetAccount(VICTIM);

        assertThat(throttle.refuses(VICTIM, ATTACKER, T0.plusSeconds(1))).isFalse();
        assertThat(throttle.refuses(VICTIM, OWNER, T0.plusSeconds(1))).isFalse();
    }

    @Test
    void aSuccessShouldClearOnlyItsOwnPair() throws Exception {
        for (int i = 0; i < 6; i++) {
            throttle.failed(VICTIM, ATTACKER, T0);
            throttle.failed(VICTIM, OWNER, T0);
        }

        throttle.succeeded(VICTIM, OWNER);

        assertThat(throttle.refuses(VICTIM, OWNER, T0.plusSeconds(1))).isFalse();
        assertThat(throttle.refuses(VICTIM, ATTACKER, T0.plusSeconds(1))).isTrue();
    }
}
