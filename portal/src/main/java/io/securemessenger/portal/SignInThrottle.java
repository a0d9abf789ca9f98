package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.VaultException;
import java.time.Duration;
import java.time.Instant;

/**
 * How often a sign-in may be tried: failures are counted per account in the vault (so every node
 * sees them), with no wait for the first three, then 2, 4, 8 ... seconds, at most 15 minutes.
 */
final class SignInThrottle {
    private final Vault vault;

    SignInThrottle(Vault vault) {
        this.vault = vault;
    }

    /** Whether a try for {@code address} must wait. */
    boolean refuses(String address, Instant now) throws VaultException {
        return vault.accounts().lockedUntil(address, now).isPresent();
    }

    void failed(String address, Instant now) throws VaultException {
        vault.accounts().recordFailure(address, now, SignInThrottle::backoff);
    }

    void succeeded(String address) throws VaultException {
        vault.accounts().clearFailures(address);
    }

    static Duration backoff(int failures) {
        return failures <= 3 ? Duration.ZERO : Duration.ofSeconds(Math.min(900, 1L << Math.min(failures - 3, 10)));
    }
}
