package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.util.Optional;

/** Recipients' portal accounts as the routes see them: an account unused for {@code portal.account.inactivity} is gone. */
final class Accounts {
    private final Vault vault;
    private final PortalConfig config;
    private final Clock clock;

    Accounts(Vault vault, PortalConfig config, Clock clock) {
        this.vault = vault;
        this.config = config;
        this.clock = clock;
    }

    /** The account of {@code address}, unless it has expired for inactivity (then it is removed, and that is audited). */
    Optional<AccountStore.Account> active(String address) throws VaultException {
        Optional<AccountStore.Account> account = vault.accounts().find(address);
        if (account.isPresent() && config.accountInactivity().isPresent()
            && account.get().lastActiveAt().plus(config.accountInactivity().get()).isBefore(clock.instant())) {
            vault.accounts().delete(address);
            vault.audit().append(AuditAction.ADMIN, "portal", address, "account expired for inactivity");
            return Optional.empty();
        }
        return account;
    }
}
