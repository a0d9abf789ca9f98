package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.session.SessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts, throttling and sessions of the portal, on every database the vault supports. */
abstract class PortalStoresContract {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    private Vault vault;
    private Vault.Config config;

    abstract Vault.Config config(Path dir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        config = config(dir);
        vault = Vault.open(config, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        vault.close();
    }

    @Test
    void anAccountShouldBeFoundByItsAddressInAnyCaseAndCreatedOnce() throws Exception {
        AccountStore.Account account = new AccountStore.Account("Patient@Outside.Example", "Pat", "Smith", "$argon2id$v=19$x", "my dog", T0, T0);

        assertThat(vault.accounts().create(account)).isTrue();
        assertThat(vault.accounts().create(account)).as("one account per address").isFalse();

        AccountStore.Account found = vault.accounts().find("patient@outside.EXAMPLE").orElseThrow();
        assertThat(found.address()).isEqualTo("patient@outside.example");
        assertThat(found.firstName()).isEqualTo("Pat");
        assertThat(found.passwordHash()).isEqualTo("$argon2id$v=19$x");
        vault.accounts().changePassword("patient@outside.example", "$argon2id$v=19$y", "my cat");
        assertThat(vault.accounts().find("patient@outside.example").orElseThrow().hint()).isEqualTo("my cat");
        vault.accounts().delete("patient@outside.example");
        assertThat(vault.accounts().find("patient@outside.example")).isEmpty();
    }

    /** The hint column as stored, read past the store (as someone with a copy of the database would). */
    private String storedHint(String address) throws Exception {
        return stored("SELECT hint FROM portal_account WHERE address = ?", address);
    }

    /** The secret column of an officer's factor as stored, read past the store. */
    private String storedSecret(String address) throws Exception {
        return stored("SELECT secret FROM officer_factor WHERE address = ?", address);
    }

    private String stored(String query, String address) throws Exception {
        try (java.sql.Connection connection = database(); java.sql.PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, address);
            try (java.sql.ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    /** A connection to this vault's database, beside the vault. */
    abstract java.sql.Connection database() throws Exception;

    @Test
    void aHintShouldBeStoredSealedOpenedForItsAccountAndRewrappedByARotation() throws Exception {
        vault.accounts().create(new AccountStore.Account("patient@outside.example", "Pat", "Smith", "$argon2id$v=19$x", "winter fruit trees", T0, T0));

        assertThat(storedHint("patient@outside.example")).startsWith("v1.").doesNotContain("winter").doesNotContain("fruit");
        assertThat(vault.accounts().find("patient@outside.example").orElseThrow().hint()).isEqualTo("winter fruit trees");
        String before = vault.keyRing().primaryId();

        Vault.KeyChange rotation = vault.rotateKeys("officer");

        assertThat(rotation.rewrapped()).isGreaterThanOrEqualTo(1);
        assertThat(io.securemessenger.vault.account.HintCipher.masterKeyIdOf(storedHint("patient@outside.example")))
            .isEqualTo(rotation.primary()).isNotEqualTo(before);
        assertThat(vault.retireKeys("officer").retired()).contains(before);
        assertThat(vault.accounts().find("patient@outside.example").orElseThrow().hint()).as("readable after the old key is gone")
            .isEqualTo("winter fruit trees");
    }

    @Test
    void hintsStoredInClearByAnEarlierVersionShouldBeSealedWhenTheVaultOpens() throws Exception {
        try (java.sql.Connection connection = database(); java.sql.PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO portal_account (address, first_name, last_name, password_hash, hint, created_at, last_active_at) "
                + "VALUES ('old@outside.example', 'Old', 'Timer', 'x', 'my first dog', ?, ?)")) {
            insert.setTimestamp(1, java.sql.Timestamp.from(T0));
            insert.setTimestamp(2, java.sql.Timestamp.from(T0));
            insert.executeUpdate();
        }
        vault.close();

        vault = Vault.open(config, Clock.systemUTC());

        assertThat(storedHint("old@outside.example")).startsWith("v1.").doesNotContain("dog");
        assertThat(vault.accounts().find("old@outside.example").orElseThrow().hint()).isEqualTo("my first dog");
    }

    @Test
    void failuresShouldLockAnAddressForGrowingTimesUntilCleared() throws Exception {
        assertThat(vault.accounts().lockedUntil("x@outside.example", T0)).isEmpty();

        assertThat(vault.accounts().recordFailure("x@outside.example", T0, n -> Duration.ofSeconds(n * 10L))).isEqualTo(1);
        assertThat(vault.accounts().recordFailure("X@outside.example", T0, n -> Duration.ofSeconds(n * 10L))).isEqualTo(2);

        assertThat(vault.accounts().lockedUntil("x@outside.example", T0)).contains(T0.plusSeconds(20));
        assertThat(vault.accounts().lockedUntil("x@outside.example", T0.plusSeconds(21))).isEmpty();
        vault.accounts().clearFailures("x@outside.example");
        assertThat(vault.accounts().recordFailure("x@outside.example", T0, n -> Duration.ofSeconds(n * 10L))).isEqualTo(1);
    }

    @Test
    void aSessionShouldBeFoundOnlyByItsIdWhichIsNotStored() throws Exception {
        SessionStore.Created created = vault.sessions().create(Optional.of("patient@outside.example"), Optional.of("recipient"),
            Optional.empty(), T0);

        SessionStore.Session found = vault.sessions().find(created.id()).orElseThrow();
        assertThat(found.principal()).contains("patient@outside.example");
        assertThat(found.csrf()).hasSize(43).isNotEqualTo(created.id());
        assertThat(found.idHash()).doesNotContain(created.id());
        assertThat(vault.sessions().find(created.id().substring(1) + "A")).isEmpty();
        assertThat(vault.sessions().find(null)).isEmpty();

        vault.sessions().setPending(found, "delivery-1");
        assertThat(vault.sessions().find(created.id()).orElseThrow().pending()).contains("delivery-1");
        vault.sessions().delete(found);
        assertThat(vault.sessions().find(created.id())).isEmpty();
    }

    @Test
    void idleAndOldSessionsShouldBeRemoved() throws Exception {
        SessionStore.Created idle = vault.sessions().create(Optional.empty(), Optional.empty(), Optional.empty(), T0);
        SessionStore.Created active = vault.sessions().create(Optional.empty(), Optional.empty(), Optional.empty(), T0);
        vault.sessions().touch(active.session(), T0.plus(Duration.ofMinutes(20)));

        assertThat(vault.sessions().deleteExpired(T0.plus(Duration.ofMinutes(10)), T0.minus(Duration.ofHours(1)))).isEqualTo(1);

        assertThat(vault.sessions().find(idle.id())).isEmpty();
        assertThat(vault.sessions().find(active.id())).isPresent();
        assertThat(vault.sessions().deleteExpired(T0, T0.plus(Duration.ofHours(1)))).as("absolute lifetime").isEqualTo(1);
    }

    @Test
    void throttleKeysShouldBeForgottenAfterQuietAndClearedByAddress() throws Exception {
        java.util.function.IntFunction<Duration> twoSecondsEach = failures -> Duration.ofSeconds(2);
        vault.accounts().recordFailure("p:0123456789abcdef:patient@outside.example", T0, twoSecondsEach, Duration.ofDays(1));
        vault.accounts().recordFailure("p:fedcba9876543210:patient@outside.example", T0, twoSecondsEach, Duration.ofDays(1));
        vault.accounts().recordFailure("s:203.0.113.7", T0, twoSecondsEach, Duration.ofHours(1));
        assertThat(vault.accounts().recordFailure("s:203.0.113.7", T0.plusSeconds(1), twoSecondsEach, Duration.ofHours(1))).isEqualTo(2);
        assertThat(vault.accounts().recordFailure("s:203.0.113.7", T0.plus(Duration.ofHours(2)), twoSecondsEach, Duration.ofHours(1)))
            .as("after an hour of quiet").isEqualTo(1);

        vault.accounts().clearFailuresEndingWith("patient@outside.example", 19);

        assertThat(vault.accounts().lockedUntil("p:0123456789abcdef:patient@outside.example", T0)).isEmpty();
        assertThat(vault.accounts().lockedUntil("p:fedcba9876543210:patient@outside.example", T0)).isEmpty();
        assertThat(vault.accounts().lockedUntil("s:203.0.113.7", T0.plus(Duration.ofHours(2)))).isPresent();
    }

    @Test
    void aResetTokenShouldWorkOnceBeforeItExpiresAndBeStoredOnlyAsAHash() throws Exception {
        String token = vault.accounts().createReset("Patient@Outside.Example", T0, T0.plus(Duration.ofHours(1)));
        String other = vault.accounts().createReset("patient@outside.example", T0.plusSeconds(10), T0.plus(Duration.ofHours(1)));

        assertThat(token).hasSize(43);
        assertThat(vault.accounts().validReset(token, T0.plusSeconds(60))).contains("patient@outside.example");
        assertThat(vault.accounts().validReset(token, T0.plus(Duration.ofHours(1)))).as("expired").isEmpty();
        // One character changed (never the same one: a token may begin with any character).
        String tampered = (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
        assertThat(vault.accounts().validReset(tampered, T0)).isEmpty();
        assertThat(vault.accounts().lastResetRequest("patient@outside.example")).contains(T0.plusSeconds(10));

        assertThat(vault.accounts().useReset(token, T0.plusSeconds(60))).isTrue();
        assertThat(vault.accounts().useReset(token, T0.plusSeconds(61))).as("once").isFalse();
        assertThat(vault.accounts().validReset(other, T0.plusSeconds(61))).as("using one ends the others").isEmpty();
    }

    @Test
    void anOfficersSecretShouldBeStoredSealedConfirmedOnceAndEachStepAcceptedOnce() throws Exception {
        byte[] first = "first secret of twenty".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] second = "other secret of twenty".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(vault.officers().startEnrolment("Officer@Hospital.Example", first, T0)).isTrue();
        assertThat(storedSecret("officer@hospital.example")).startsWith("v1.")
            .doesNotContain(java.util.Base64.getEncoder().encodeToString(first).substring(0, 12));
        assertThat(vault.officers().find("officer@hospital.example").orElseThrow().confirmed()).isFalse();
        // A new enrolment page replaces an unconfirmed secret: only the last one shown works.
        assertThat(vault.officers().startEnrolment("officer@hospital.example", second, T0.plusSeconds(5))).isTrue();
        assertThat(vault.officers().find("OFFICER@hospital.example").orElseThrow().secret()).isEqualTo(second);
        assertThat(vault.officers().useStep("officer@hospital.example", 100)).as("not confirmed yet").isFalse();

        assertThat(vault.officers().confirm("officer@hospital.example", 100, T0.plusSeconds(30), java.util.List.of("a".repeat(64), "b".repeat(64))))
            .isTrue();
        assertThat(vault.officers().confirm("officer@hospital.example", 101, T0.plusSeconds(60), java.util.List.of())).as("once").isFalse();
        assertThat(vault.officers().startEnrolment("officer@hospital.example", first, T0.plusSeconds(60)))
            .as("a confirmed factor is never replaced by enrolling again").isFalse();
        assertThat(vault.officers().find("officer@hospital.example").orElseThrow().secret()).isEqualTo(second);

        assertThat(vault.officers().useStep("officer@hospital.example", 100)).as("the enrolment's own code, replayed").isFalse();
        assertThat(vault.officers().useStep("officer@hospital.example", 102)).isTrue();
        assertThat(vault.officers().useStep("officer@hospital.example", 102)).as("replayed").isFalse();
        assertThat(vault.officers().useStep("officer@hospital.example", 101)).as("older than one used").isFalse();

        assertThat(vault.officers().recoveryCodesLeft("officer@hospital.example")).isEqualTo(2);
        assertThat(vault.officers().useRecoveryCode("officer@hospital.example", "a".repeat(64), T0)).isTrue();
        assertThat(vault.officers().useRecoveryCode("officer@hospital.example", "a".repeat(64), T0)).as("spent").isFalse();
        assertThat(vault.officers().useRecoveryCode("someone@hospital.example", "b".repeat(64), T0)).as("not theirs").isFalse();
        assertThat(vault.officers().recoveryCodesLeft("officer@hospital.example")).isEqualTo(1);

        assertThat(vault.officers().reset("officer@hospital.example")).isTrue();
        assertThat(vault.officers().find("officer@hospital.example")).isEmpty();
        assertThat(vault.officers().recoveryCodesLeft("officer@hospital.example")).isZero();
    }

    @Test
    void anOfficersSecretShouldFollowAKeyRotationAndKeepItsKeyFromBeingRetired() throws Exception {
        byte[] secret = "an officer secret 20b".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        vault.officers().startEnrolment("officer@hospital.example", secret, T0);
        String before = io.securemessenger.vault.crypto.SealedText.masterKeyIdOf(storedSecret("officer@hospital.example"));

        Vault.KeyChange rotation = vault.rotateKeys("admin");

        assertThat(rotation.rewrapped()).isGreaterThanOrEqualTo(1);
        String after = io.securemessenger.vault.crypto.SealedText.masterKeyIdOf(storedSecret("officer@hospital.example"));
        assertThat(after).isEqualTo(vault.keyRing().primaryId()).isNotEqualTo(before);
        assertThat(vault.retireKeys("admin").retired()).contains(before);
        assertThat(vault.officers().find("officer@hospital.example").orElseThrow().secret()).isEqualTo(secret);
    }

    @Test
    void dlpIncidentsShouldBeRecordedOnceAndCountedByRuleAndSenderDomainNewestFirst() throws Exception {
        io.securemessenger.vault.incident.DlpIncident.Location body = io.securemessenger.vault.incident.DlpIncident.Location.BODY;
        java.util.List<io.securemessenger.vault.incident.DlpIncident> first = java.util.List.of(
            new io.securemessenger.vault.incident.DlpIncident("msg-1", T0, "Dr.Grey@Hospital.Example", "hipaa", "ssn", body, 2, "***-**-6789", "sealed"),
            new io.securemessenger.vault.incident.DlpIncident("msg-1", T0, "dr.grey@hospital.example", "hipaa", "mrn",
                io.securemessenger.vault.incident.DlpIncident.Location.of("attachment#2(results.pdf)"), 1, "MRN ****4821", "sealed"));
        vault.incidents().record(first);
        vault.incidents().record(first);
        vault.incidents().record(java.util.List.of(new io.securemessenger.vault.incident.DlpIncident("msg-2", T0.plusSeconds(3600),
            "nurse@clinic.example", "hipaa", "ssn", io.securemessenger.vault.incident.DlpIncident.Location.of("subject"), 1, "***-**-1111",
            "sealed")));

        java.util.List<io.securemessenger.vault.incident.DlpIncident> all = vault.incidents().between(Optional.empty(), Optional.empty(), 10);
        assertThat(all).as("recorded once").hasSize(3);
        assertThat(all.get(0).messageId()).isEqualTo("msg-2");
        assertThat(all.get(0).location()).isEqualTo(io.securemessenger.vault.incident.DlpIncident.Location.SUBJECT);
        assertThat(all).extracting(io.securemessenger.vault.incident.DlpIncident::sample).contains("***-**-6789", "MRN ****4821");
        assertThat(all).filteredOn(i -> i.rule().equals("mrn")).singleElement()
            .satisfies(i -> assertThat(i.location()).isEqualTo(io.securemessenger.vault.incident.DlpIncident.Location.ATTACHMENT));
        assertThat(vault.incidents().countsByRule(Optional.empty(), Optional.empty())).containsExactly(java.util.Map.entry("ssn", 2L),
            java.util.Map.entry("mrn", 1L));
        assertThat(vault.incidents().countsBySenderDomain(Optional.of(T0), Optional.of(T0.plusSeconds(60))))
            .containsExactly(java.util.Map.entry("hospital.example", 2L));
        assertThat(vault.incidents().between(Optional.of(T0.plusSeconds(1)), Optional.empty(), 10)).hasSize(1);
    }
}
