package io.securemessenger.smtp;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.securemessenger.vault.Vault;

/**
 * Answers {@code MAIL FROM} with a temporary error while the server could not keep what it
 * accepts: the vault's database does not answer or its master key store is missing or unreadable
 * (451 4.3.0), or the data directory has less free space than {@code storage.minimum.free}
 * (452 4.3.1). Senders' servers queue the mail and try
 * again; nothing is accepted that could then be lost. The checks are repeated at most every two
 * seconds, so a busy listener does not query the database per message. Listed first in each
 * listener's {@code <handlerchain>}:
 *
 * <pre>{@code <handler class="io.securemessenger.smtp.StorageGuardHook"/>}</pre>
 */
public class StorageGuardHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(StorageGuardHook.class);
    private static final Duration RECHECK = Duration.ofSeconds(2);
    static final HookResult VAULT_UNAVAILABLE = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("451")
        .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_OTHER)
            + " Secure storage temporarily unavailable, try again later")
        .build();
    static final HookResult STORAGE_FULL = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("452")
        .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_FULL)
            + " Insufficient system storage, try again later")
        .build();

    private final Vault vault;
    private final StorageLimits limits;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    private HookResult verdict = HookResult.DECLINED;
    private String reason = "";

    @Inject
    public StorageGuardHook(Vault vault, StorageLimits limits) {
        this.vault = vault;
        this.limits = limits;
        this.clock = Clock.systemUTC();
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return verdict();
    }

    private synchronized HookResult verdict() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(RECHECK))) {
            return verdict;
        }
        String previous = reason;
        verdict = check();
        checkedAt = clock.instant();
        if (!reason.equals(previous)) {
            if (verdict == HookResult.DECLINED) {
                LOGGER.info("Storage available again: accepting mail");
            } else {
                LOGGER.warn("Refusing mail for now (SMTP {}): {}", verdict.getSmtpRetCode(), reason);
            }
        }
        return verdict;
    }

    private HookResult check() {
        try {
            if (Files.getFileStore(limits.dataDirectory()).getUsableSpace() < limits.minimumFreeBytes()) {
                reason = "less free space in " + limits.dataDirectory() + " than storage.minimum.free";
                return STORAGE_FULL;
            }
        } catch (IOException e) {
            reason = "the free space of " + limits.dataDirectory() + " cannot be read: " + e.getMessage();
            return STORAGE_FULL;
        }
        Optional<String> vaultProblem = vault.unavailability();
        reason = vaultProblem.orElse("");
        return vaultProblem.isPresent() ? VAULT_UNAVAILABLE : HookResult.DECLINED;
    }
}
