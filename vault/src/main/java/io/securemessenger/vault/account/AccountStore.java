package io.securemessenger.vault.account;

import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recipients' portal accounts and the sign-in throttle of every address. Passwords arrive here
 * already hashed (the portal hashes them with Argon2id); password hints are stored sealed
 * ({@link HintCipher}) and opened when an account is read; addresses are compared in lower case.
 */
public final class AccountStore {
    private final VaultDatabase database;

    /** Where the master keys come from: the vault's key store, read when a hint is sealed or opened. */
    @FunctionalInterface
    public interface Keys {
        KeyRing keyRing() throws VaultException;
    }

    private final Keys keys;

    public AccountStore(VaultDatabase database, Keys keys) {
        this.database = database;
        this.keys = keys;
    }

    /** A recipient's account. */
    public static final class Account {
        private final String address;
        private final String firstName;
        private final String lastName;
        private final String passwordHash;
        private final String hint;
        private final Instant createdAt;
        private final Instant lastActiveAt;

        public Account(String address, String firstName, String lastName, String passwordHash, String hint, Instant createdAt,
                       Instant lastActiveAt) {
            this.address = normalise(address);
            this.firstName = Objects.requireNonNull(firstName);
            this.lastName = Objects.requireNonNull(lastName);
            this.passwordHash = Objects.requireNonNull(passwordHash);
            this.hint = Objects.requireNonNull(hint);
            this.createdAt = Objects.requireNonNull(createdAt);
            this.lastActiveAt = Objects.requireNonNull(lastActiveAt);
        }

        public String address() {
            return address;
        }

        public String firstName() {
            return firstName;
        }

        public String lastName() {
            return lastName;
        }

        public String passwordHash() {
            return passwordHash;
        }

        public String hint() {
            return hint;
        }

        public Instant createdAt() {
            return createdAt;
        }

        public Instant lastActiveAt() {
            return lastActiveAt;
        }
    }

    /** Addresses as the portal compares them. */
    public static String normalise(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<Account> find(String address) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT address, first_name, last_name, password_hash, hint, created_at, last_active_at FROM portal_account WHERE address = ?")) {
            select.setString(1, normalise(address));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Account(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    openHint(row.getString(1), row.getString(5)), row.getTimestamp(6).toInstant(), row.getTimestamp(7).toInstant()));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Creates the account; false when the address has one already. */
    public boolean create(Account account) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO portal_account (address, first_name, last_name, password_hash, hint, created_at, last_active_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account.address());
            insert.setString(2, account.firstName());
            insert.setString(3, account.lastName());
            insert.setString(4, account.passwordHash());
            insert.setString(5, sealHint(account.address(), account.hint()));
            insert.setTimestamp(6, Timestamp.from(account.createdAt()));
            insert.setTimestamp(7, Timestamp.from(account.lastActiveAt()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw unavailable(e);
        }
    }

    /** Records activity (a sign-in), which keeps an account from expiring for inactivity. */
    public void touch(String address, Instant at) throws VaultException {
        update("UPDATE portal_account SET last_active_at = ? WHERE address = ?", Timestamp.from(at), normalise(address));
    }

    /** Sets a new password hash (and hint) after a reset. */
    public void changePassword(String address, String passwordHash, String hint) throws VaultException {
        update("UPDATE portal_account SET password_hash = ?, hint = ? WHERE address = ?", passwordHash, sealHint(address, hint),
            normalise(address));
    }

    /** Removes the account (inactivity expiry); the recipient registers again from the next link. */
    public void delete(String address) throws VaultException {
        update("DELETE FROM portal_account WHERE address = ?", normalise(address));
    }

    /**
     * A new password-reset token for {@code address}, valid until {@code expiresAt}; only its hash
     * is stored. Returns the token, the only copy in clear, for the mail.
     */
    public String createReset(String address, Instant now, Instant expiresAt) throws VaultException {
        io.securemessenger.vault.delivery.LinkToken token = io.securemessenger.vault.delivery.LinkToken.generate();
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO portal_reset (token_hash, address, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, io.securemessenger.vault.delivery.LinkToken.hash(token.value()));
            insert.setString(2, normalise(address));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(expiresAt));
            insert.executeUpdate();
            return token.value();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** When the last reset was requested for {@code address}, to space them out. */
    public Optional<Instant> lastResetRequest(String address) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT MAX(created_at) FROM portal_reset WHERE address = ?")) {
            select.setString(1, normalise(address));
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getTimestamp(1) != null ? Optional.of(row.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The address a reset token is for, if it is well formed, unused and not expired. */
    public Optional<String> validReset(String token, Instant now) throws VaultException {
        if (!io.securemessenger.vault.delivery.LinkToken.wellFormed(token)) {
            return Optional.empty();
        }
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT address FROM portal_reset WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")) {
            select.setString(1, io.securemessenger.vault.delivery.LinkToken.hash(token));
            select.setTimestamp(2, Timestamp.from(now));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Uses a reset token up (and every other one of the same address); false when it was not valid any more. */
    public boolean useReset(String token, Instant now) throws VaultException {
        Optional<String> address = validReset(token, now);
        if (address.isEmpty()) {
            return false;
        }
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement(
                 "UPDATE portal_reset SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, io.securemessenger.vault.delivery.LinkToken.hash(token));
            if (update.executeUpdate() != 1) {
                return false;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        update("UPDATE portal_reset SET used_at = ? WHERE address = ? AND used_at IS NULL", Timestamp.from(now), address.get());
        return true;
    }

    /** Until when sign-in is refused for {@code address} after failures; empty when it is not. */
    public Optional<Instant> lockedUntil(String address, Instant now) throws VaultException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT locked_until FROM portal_throttle WHERE address = ?")) {
            select.setString(1, normalise(address));
            try (ResultSet row = select.executeQuery()) {
                if (row.next() && row.getTimestamp(1).toInstant().isAfter(now)) {
                    return Optional.of(row.getTimestamp(1).toInstant());
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Counts a failed sign-in and locks the address for {@code backoff(failures)}; returns the failures so far. */
    public int recordFailure(String address, Instant now, java.util.function.IntFunction<Duration> backoff) throws VaultException {
        return recordFailure(address, now, backoff, ChronoUnit.FOREVER.getDuration());
    }

    /**
     * Counts a failure against a throttle key (an address, or any key of at most 320 characters) and locks
     * it for {@code backoff(failures)}; failures are forgotten once the key has been unlocked for
     * {@code forgetAfter}. Returns the failures so far.
     */
    public int recordFailure(String key, Instant now, java.util.function.IntFunction<Duration> backoff, Duration forgetAfter)
        throws VaultException {
        try {
            return tryRecordFailure(key, now, backoff, forgetAfter);
        } catch (VaultException e) {
            if (e.getCause() instanceof SQLException && String.valueOf(((SQLException) e.getCause()).getSQLState()).startsWith("23")) {
                // Another node counted the first failure at the same moment: count on top of it.
                return tryRecordFailure(key, now, backoff, forgetAfter);
            }
            throw e;
        }
    }

    private int tryRecordFailure(String address, Instant now, java.util.function.IntFunction<Duration> backoff, Duration forgetAfter)
        throws VaultException {
        String key = normalise(address);
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                int failures = 0;
                boolean exists = false;
                try (PreparedStatement select = connection.prepareStatement("SELECT failures, locked_until FROM portal_throttle WHERE address = ?")) {
                    select.setString(1, key);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            exists = true;
                            boolean forgotten = forgetAfter.compareTo(Duration.ofDays(36500)) < 0
                                && row.getTimestamp(2).toInstant().plus(forgetAfter).isBefore(now);
                            failures = forgotten ? 0 : row.getInt(1);
                        }
                    }
                }
                failures++;
                Timestamp until = Timestamp.from(now.plus(backoff.apply(failures)));
                String sql = !exists
                    ? "INSERT INTO portal_throttle (failures, locked_until, address) VALUES (?, ?, ?)"
                    : "UPDATE portal_throttle SET failures = ?, locked_until = ? WHERE address = ?";
                try (PreparedStatement write = connection.prepareStatement(sql)) {
                    write.setInt(1, failures);
                    write.setTimestamp(2, until);
                    write.setString(3, key);
                    write.executeUpdate();
                }
                connection.commit();
                return failures;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Forgets the failures of an address (or any throttle key) after a successful sign-in. */
    public void clearFailures(String address) throws VaultException {
        update("DELETE FROM portal_throttle WHERE address = ?", normalise(address));
    }

    /**
     * Forgets the failures counted against {@code address} from every source: keys of the form
     * {@code <prefix of prefixLength characters><address>} (after a password reset).
     */
    public void clearFailuresEndingWith(String address, int prefixLength) throws VaultException {
        update("DELETE FROM portal_throttle WHERE address = ? OR (LENGTH(address) > ? AND SUBSTR(address, ?) = ?)", normalise(address),
            prefixLength, prefixLength + 1, normalise(address));
    }

    /** Seals the hints stored in clear (before hints were sealed); returns how many. Run when the vault opens. */
    public int sealClearHints() throws VaultException {
        int sealed = 0;
        for (String[] row : hints()) {
            if (!HintCipher.isSealed(row[1])) {
                update("UPDATE portal_account SET hint = ? WHERE address = ? AND hint = ?", sealHint(row[0], row[1]), row[0], row[1]);
                sealed++;
            }
        }
        return sealed;
    }

    /** Re-wraps with the ring's primary master key every hint's data key wrapped with another; returns how many. */
    public int rewrapHints(KeyRing ring) throws VaultException {
        int rewrapped = 0;
        try {
            for (String[] row : hints()) {
                if (HintCipher.isSealed(row[1]) && !HintCipher.masterKeyIdOf(row[1]).equals(ring.primaryId())) {
                    update("UPDATE portal_account SET hint = ? WHERE address = ? AND hint = ?", HintCipher.rewrap(ring, row[0], row[1]),
                        row[0], row[1]);
                    rewrapped++;
                }
            }
        } catch (CryptoException e) {
            throw new VaultException("Re-wrapping hints stopped: " + e.getMessage(), e);
        }
        return rewrapped;
    }

    /** The master keys some hint's data key is wrapped with. */
    public Set<String> masterKeysInUse() throws VaultException {
        Set<String> ids = new TreeSet<>();
        try {
            for (String[] row : hints()) {
                if (HintCipher.isSealed(row[1])) {
                    ids.add(HintCipher.masterKeyIdOf(row[1]));
                }
            }
        } catch (CryptoException e) {
            throw new VaultException(e.getMessage(), e);
        }
        return ids;
    }

    /** Every account's address and stored hint. */
    private List<String[]> hints() throws VaultException {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT address, hint FROM portal_account");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.add(new String[] {row.getString(1), row.getString(2)});
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return rows;
    }

    private String sealHint(String address, String hint) throws VaultException {
        try {
            return HintCipher.seal(keys.keyRing(), normalise(address), hint);
        } catch (CryptoException e) {
            throw new VaultException("A hint cannot be sealed: " + e.getMessage(), e);
        }
    }

    private String openHint(String address, String stored) throws VaultException {
        try {
            return HintCipher.open(keys.keyRing(), address, stored);
        } catch (CryptoException e) {
            throw new VaultException("The hint of an account cannot be opened: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... values) throws VaultException {
        database.update(sql, values);
    }

    private static VaultException unavailable(SQLException e) {
        return VaultDatabase.unavailable(e);
    }
}
