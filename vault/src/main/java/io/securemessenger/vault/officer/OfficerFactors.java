package io.securemessenger.vault.officer;

import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.crypto.SealedText;
import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compliance officers' second factor: each officer's TOTP secret (sealed under a master key, opened
 * only to check a code), the last time step accepted (so that no code is accepted twice, whichever
 * node it reaches) and their one-time recovery codes (hashes only). The codes themselves are
 * computed and checked by the portal; this store only keeps what must survive and be shared.
 */
public final class OfficerFactors {
    private static final String PART = "totp";

    private final VaultDatabase database;
    private final AccountStore.Keys keys;

    public OfficerFactors(VaultDatabase database, AccountStore.Keys keys) {
        this.database = database;
        this.keys = keys;
    }

    /** An officer's factor: the secret (opened), whether the enrolment was confirmed, and the last step used. */
    public static final class Factor {
        private final byte[] secret;
        private final Optional<Instant> confirmedAt;
        private final long lastStep;

        Factor(byte[] secret, Optional<Instant> confirmedAt, long lastStep) {
            this.secret = secret.clone();
            this.confirmedAt = confirmedAt;
            this.lastStep = lastStep;
        }

        public byte[] secret() {
            return secret.clone();
        }

        public boolean confirmed() {
            return confirmedAt.isPresent();
        }

        public Optional<Instant> confirmedAt() {
            return confirmedAt;
        }

        public long lastStep() {
            return lastStep;
        }
    }

    /** The officer's factor, confirmed or waiting for its first code; empty when they have none. */
    public Optional<Factor> find(String address) throws VaultException {
        String owner = AccountStore.normalise(address);
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT secret, confirmed_at, last_step FROM officer_factor WHERE address = ?")) {
            select.setString(1, owner);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String secret = SealedText.open(keys.keyRing(), keyId(owner), PART, row.getString(1));
                Timestamp confirmed = row.getTimestamp(2);
                return Optional.of(new Factor(java.util.Base64.getDecoder().decode(secret),
                    Optional.ofNullable(confirmed).map(Timestamp::toInstant), row.getLong(3)));
            }
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        } catch (CryptoException e) {
            throw new VaultException("An officer's second factor cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Starts an enrolment with a new secret, replacing one that was never confirmed; false (and
     * nothing changed) when the officer already has a confirmed factor.
     */
    public boolean startEnrolment(String address, byte[] secret, Instant now) throws VaultException {
        String owner = AccountStore.normalise(address);
        String sealed;
        try {
            sealed = SealedText.seal(keys.keyRing(), keyId(owner), PART, java.util.Base64.getEncoder().encodeToString(secret));
        } catch (CryptoException e) {
            throw new VaultException("A second-factor secret cannot be sealed: " + e.getMessage(), e);
        }
        if (database.update("UPDATE officer_factor SET secret = ?, created_at = ?, last_step = 0 WHERE address = ? AND confirmed_at IS NULL",
            sealed, Timestamp.from(now), owner) == 1) {
            return true;
        }
        try {
            return database.update("INSERT INTO officer_factor (address, secret, created_at, confirmed_at, last_step) VALUES (?, ?, ?, NULL, 0)",
                owner, sealed, Timestamp.from(now)) == 1;
        } catch (VaultException e) {
            if (e.getCause() instanceof SQLException && VaultDatabase.UNIQUE_VIOLATION.equals(((SQLException) e.getCause()).getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Confirms an enrolment with the step of its first good code, and keeps the hashes of its recovery
     * codes (replacing any earlier ones); false when there was no enrolment waiting or the step was used.
     */
    public boolean confirm(String address, long step, Instant now, List<String> recoveryCodeHashes) throws VaultException {
        String owner = AccountStore.normalise(address);
        try {
            return VaultDatabase.retryingConflicts(() -> {
                try (Connection connection = database.connection()) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE officer_factor SET confirmed_at = ?, last_step = ? WHERE address = ? AND confirmed_at IS NULL AND last_step < ?");
                         PreparedStatement delete = connection.prepareStatement("DELETE FROM officer_recovery WHERE address = ?");
                         PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO officer_recovery (address, code_hash, used_at) VALUES (?, ?, NULL)")) {
                        update.setTimestamp(1, Timestamp.from(now));
                        update.setLong(2, step);
                        update.setString(3, owner);
                        update.setLong(4, step);
                        if (update.executeUpdate() != 1) {
                            connection.rollback();
                            return false;
                        }
                        delete.setString(1, owner);
                        delete.executeUpdate();
                        for (String hash : recoveryCodeHashes) {
                            insert.setString(1, owner);
                            insert.setString(2, hash);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        connection.commit();
                        return true;
                    } catch (SQLException e) {
                        connection.rollback();
                        throw e;
                    }
                }
            });
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        }
    }

    /** Records {@code step} as used; false when it, or a later one, was used already (a replayed code). */
    public boolean useStep(String address, long step) throws VaultException {
        return database.update("UPDATE officer_factor SET last_step = ? WHERE address = ? AND confirmed_at IS NOT NULL AND last_step < ?",
            step, AccountStore.normalise(address), step) == 1;
    }

    /** Spends a recovery code by its hash; false when it is not one of the officer's or was spent. */
    public boolean useRecoveryCode(String address, String codeHash, Instant now) throws VaultException {
        return database.update("UPDATE officer_recovery SET used_at = ? WHERE address = ? AND code_hash = ? AND used_at IS NULL",
            Timestamp.from(now), AccountStore.normalise(address), codeHash) == 1;
    }

    /** How many of the officer's recovery codes are left. */
    public int recoveryCodesLeft(String address) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT COUNT(*) FROM officer_recovery WHERE address = ? AND used_at IS NULL")) {
            select.setString(1, AccountStore.normalise(address));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        }
    }

    /** Forgets an officer's factor and recovery codes (a lost device): they enrol again at their next sign-in. */
    public boolean reset(String address) throws VaultException {
        String owner = AccountStore.normalise(address);
        database.update("DELETE FROM officer_recovery WHERE address = ?", owner);
        return database.update("DELETE FROM officer_factor WHERE address = ?", owner) == 1;
    }

    /** Re-wraps with the ring's primary master key every secret wrapped with another; returns how many. */
    public int rewrap(KeyRing ring) throws VaultException {
        int rewrapped = 0;
        try {
            for (String[] row : secrets()) {
                if (!SealedText.masterKeyIdOf(row[1]).equals(ring.primaryId())) {
                    rewrapped += database.update("UPDATE officer_factor SET secret = ? WHERE address = ? AND secret = ?",
                        SealedText.rewrap(ring, keyId(row[0]), row[1]), row[0], row[1]);
                }
            }
        } catch (CryptoException e) {
            throw new VaultException("Re-wrapping officers' second factors stopped: " + e.getMessage(), e);
        }
        return rewrapped;
    }

    /** The master keys some officer's secret is wrapped with. */
    public Set<String> masterKeysInUse() throws VaultException {
        Set<String> ids = new TreeSet<>();
        try {
            for (String[] row : secrets()) {
                ids.add(SealedText.masterKeyIdOf(row[1]));
            }
        } catch (CryptoException e) {
            throw new VaultException(e.getMessage(), e);
        }
        return ids;
    }

    private List<String[]> secrets() throws VaultException {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT address, secret FROM officer_factor");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.add(new String[] {row.getString(1), row.getString(2)});
            }
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        }
        return rows;
    }

    private static String keyId(String owner) {
        return "totp:" + owner;
    }
}
