package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.crypto.Digests;
import io.securemessenger.vault.store.VaultException;
import java.time.Duration;
import java.time.Instant;

/**
 * How often a sign-in may be tried, with two named limiters (counted in the vault, so that every
 * node sees them):
 * <ul>
 *   <li><b>account from a source</b>: no wait for the first three failures for one address from one
 *       client address, then 2, 4, 8 ... seconds, at most 15 minutes; forgotten after a day. An
 *       attacker guessing a victim's password slows down only their own tries: the owner, from
 *       anywhere else, signs in as usual.</li>
 *   <li><b>source</b>: failures from one client address over all accounts (password spraying): the
 *       first twenty are free, then the same doubling wait; forgotten after an hour of quiet.</li>
 * </ul>
 * A success clears the first for that pair, never the second.
 */
final class SignInThrottle {
    static final int PAIR_PREFIX = 19;
    private static final Duration PAIR_MEMORY = Duration.ofDays(1);
    private static final Duration SOURCE_MEMORY = Duration.ofHours(1);

    private final Vault vault;

    SignInThrottle(Vault vault) {
        this.vault = vault;
    }

    /** Whether a try for {@code address} from {@code source} must wait. */
    boolean refuses(String address, String source, Instant now) throws VaultException {
        return vault.accounts().lockedUntil(pairKey(address, source), now).isPresent()
            || vault.accounts().lockedUntil(sourceKey(source), now).isPresent();
    }

    void failed(String address, String source, Instant now) throws VaultException {
        vault.accounts().recordFailure(pairKey(address, source), now, SignInThrottle::pairBackoff, PAIR_MEMORY);
        vault.accounts().recordFailure(sourceKey(source), now, SignInThrottle::sourceBackoff, SOURCE_MEMORY);
    }

    void succeeded(String address, String source) throws VaultException {
        vault.accounts().clearFailures(pairKey(address, source));
    }

    /** After a password reset: the owner's new password is not held back by failures from before. */
    void forgetAccount(String address) throws VaultException {
        vault.accounts().clearFailuresEndingWith(address, PAIR_PREFIX);
    }

    static Duration pairBackoff(int failures) {
        return failures <= 3 ? Duration.ZERO : Duration.ofSeconds(Math.min(900, 1L << Math.min(failures - 3, 10)));
    }

    static Duration sourceBackoff(int failures) {
        return failures <= 20 ? Duration.ZERO : Duration.ofSeconds(Math.min(900, 1L << Math.min(failures - 20, 10)));
    }

    /** {@code p:}, 16 hex digits of the source's hash, {@code :}, the address: at most 320 characters for addresses of 254. */
    static String pairKey(String address, String source) {
        return "p:" + Digests.sha256Hex(source).substring(0, 16) + ":" + address;
    }

    static String sourceKey(String source) {
        return "s:" + source;
    }
}
