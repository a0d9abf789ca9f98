package io.securemessenger.mailets.retention;

import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, run every {@code retention.sweep} (by {@code BackgroundJobs}): warns each sender, {@code retention.warning}
 * before it happens, that a message nobody has opened is about to expire, then destroys the key
 * and content of every message whose {@code retention.period} is over. A failure on one message
 * is logged (by id, never content) and retried at the next sweep; it does not stop the others.
 */
public class RetentionSweeper {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final String ACTOR = "retention";

    private final Vault vault;
    private final NotificationTemplates templates;
    private final SecurePathSettings settings;
    private final MailetContext mailetContext;
    private final Clock clock;

    @Inject
    public RetentionSweeper(Vault vault, NotificationTemplates templates, SecurePathSettings settings, MailetContext mailetContext) {
        this(vault, templates, settings, mailetContext, Clock.systemDefaultZone());
    }

    public RetentionSweeper(Vault vault, NotificationTemplates templates, SecurePathSettings settings, MailetContext mailetContext,
                            Clock clock) {
        this.vault = vault;
        this.templates = templates;
        this.settings = settings;
        this.mailetContext = mailetContext;
        this.clock = clock;
    }

    /** What one sweep did. */
    public static final class Result {
        private final int warned;
        private final List<String> expired;

        Result(int warned, List<String> expired) {
            this.warned = warned;
            this.expired = List.copyOf(expired);
        }

        public int warned() {
            return warned;
        }

        public List<String> expired() {
            return expired;
        }
    }

    /** One sweep as of {@code now}: due warnings first, then expiry. */
    public Result sweep(Instant now) throws VaultException {
        int warned = 0;
        if (!settings.expiryWarning().isZero()) {
            for (MessageRecords.Expiring expiring : vault.records().unreadExpiringBy(now.plus(settings.expiryWarning()))) {
                if (!expiring.expiresAt().isAfter(now)) {
                    continue;
                }
                if (!vault.records().claimWarning(expiring.messageId(), now)) {
                    continue; // another node's sweep is warning this sender
                }
                try {
                    if (warn(expiring, now)) {
                        warned++;
                    }
                } catch (MessagingException | VaultException | RuntimeException e) {
                    LOGGER.warn("The expiry warning for vault message {} could not be sent, retrying at the next sweep: {}",
                        expiring.messageId(), e.getClass().getSimpleName());
                    vault.records().releaseWarning(expiring.messageId());
                }
            }
        }
        List<String> expired = vault.expire(now, ACTOR);
        if (warned > 0 || !expired.isEmpty()) {
            LOGGER.info("Retention: {} expiry warnings sent, {} messages expired", warned, expired.size());
        }
        return new Result(warned, expired);
    }

    private boolean warn(MessageRecords.Expiring expiring, Instant now) throws VaultException, MessagingException {
        if (expiring.sender().isEmpty()) {
            return false;
        }
        MailAddress sender;
        try {
            sender = new MailAddress(expiring.sender());
        } catch (AddressException e) {
            return false;
        }
        Optional<MessageSummary> summary = vault.summary(expiring.messageId());
        List<String> unreadBy = vault.deliveries().forMessage(expiring.messageId()).stream()
            .map(Delivery::recipient).collect(Collectors.toList());
        ZonedDateTime zonedNow = now.atZone(clock.getZone());
        MimeMessage warning = templates.expiryWarning(sender.toInternetAddress().orElseThrow(),
            summary.map(MessageSummary::quotableSubject).orElse("(subject not recorded)"), unreadBy,
            summary.map(s -> s.sentAt().atZone(clock.getZone())).orElse(zonedNow),
            expiring.expiresAt().atZone(clock.getZone()), settings.sentItemsLink(), zonedNow);
        Outbox.send(mailetContext, settings, warning, sender, List.of());
        vault.audit().append(AuditAction.EXPIRY_WARNING, ACTOR, expiring.messageId(), null);
        return true;
    }
}
