package io.securemessenger.mailets;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.util.DurationParser;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers mail sent to the notifier address, typically a recipient replying to a notification by
 * plain email: an automatic answer (RFC 3834: {@code Auto-Submitted: auto-replied}, null envelope
 * sender) says that nothing was delivered and how to reply on the portal. It never quotes what
 * they wrote and never forwards it: put a {@code ToRepository} after this mailet to keep the mail
 * for the administrator. Nothing is answered that could start a loop: mail with a null sender,
 * automatic mail ({@code Auto-Submitted}, {@code Precedence: bulk|junk|list}, {@code List-Id}),
 * mail from daemons, a second mail from the same address within {@code oncePer}, and mail from an
 * address that was never sent a notification (it holds no delivery in the vault): a forged sender
 * gets no backscatter.
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.mailets.ToNotifierAddress=replies" class="io.securemessenger.mailets.AnswerNotifierReply">
 *     <oncePer>1 hour</oncePer>
 * </mailet>
 * <mailet match="io.securemessenger.mailets.ToNotifierAddress=replies" class="ToRepository">
 *     <repositoryPath>jpa://var/mail/notifier-replies/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class AnswerNotifierReply extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnswerNotifierReply.class);
    private static final List<String> DAEMONS = List.of("mailer-daemon", "postmaster", "listserv", "majordomo", "noreply", "no-reply");

    private final NotificationTemplates templates;
    private final SecurePathSettings settings;
    private final Vault vault;
    private final Clock clock;
    private Cache<String, Boolean> answered;

    @Inject
    public AnswerNotifierReply(NotificationTemplates templates, SecurePathSettings settings, Vault vault) {
        this(templates, settings, vault, Clock.systemDefaultZone());
    }

    AnswerNotifierReply(NotificationTemplates templates, SecurePathSettings settings, Vault vault, Clock clock) {
        this.templates = templates;
        this.settings = settings;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("oncePer"));
        String value = getInitParameter("oncePer", "1 hour");
        Duration oncePer;
        try {
            oncePer = DurationParser.parse(value, ChronoUnit.HOURS);
        } catch (RuntimeException e) {
            throw new MessagingException("AnswerNotifierReply: oncePer=" + value + " is not a duration such as '1 hour'");
        }
        answered = CacheBuilder.newBuilder().expireAfterWrite(oncePer).maximumSize(100_000).build();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty() || isAutomatic(mail.getMessage()) || isDaemon(sender.get())
            || Outbox.notifier(getMailetContext(), settings).matches(sender.get())) {
            LOGGER.info("Mail {} to the notifier address is automatic; kept without an answer", mail.getName());
            return;
        }
        if (!wasNotified(sender.get())) {
            LOGGER.info("Mail {} to the notifier address comes from an address that was never notified; kept without an answer", mail.getName());
            return;
        }
        String key = sender.get().asString().toLowerCase(Locale.ROOT);
        if (answered.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            LOGGER.info("Mail {} to the notifier address: its sender was answered recently; kept without an answer", mail.getName());
            return;
        }
        MimeMessage answer = templates.notifierReply(sender.get().toInternetAddress().orElseThrow(),
            Optional.ofNullable(mail.getMessage().getMessageID()), clock.instant().atZone(clock.getZone()));
        // Routed like a notification: it holds nothing of what was written, and must not be sealed.
        Outbox.send(getMailetContext(), Optional.empty(), answer, sender.get(),
            List.of(new org.apache.mailet.Attribute(SealToVault.NOTIFICATION, org.apache.mailet.AttributeValue.of(true))), Optional.empty());
        LOGGER.info("Mail {} to the notifier address was answered with how to reply securely", mail.getName());
    }

    /** Whether the address holds a delivery: only someone who was sent a notification is answered. */
    private boolean wasNotified(MailAddress sender) {
        try {
            return !vault.deliveries().forRecipient(sender.asString()).isEmpty();
        } catch (VaultException e) {
            // Not knowing, say nothing: the mail is kept all the same.
            LOGGER.warn("The vault could not say whether the sender of a reply to the notifier was notified: {}", e.getMessage());
            return false;
        }
    }

    private static boolean isAutomatic(MimeMessage message) throws MessagingException {
        String autoSubmitted = message.getHeader("Auto-Submitted", null);
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        String precedence = Optional.ofNullable(message.getHeader("Precedence", null)).orElse("").strip().toLowerCase(Locale.ROOT);
        return precedence.equals("bulk") || precedence.equals("junk") || precedence.equals("list")
            || message.getHeader("List-Id") != null || message.getHeader("List-Unsubscribe") != null;
    }

    private static boolean isDaemon(MailAddress sender) {
        String local = sender.getLocalPart().toLowerCase(Locale.ROOT);
        return DAEMONS.contains(local) || local.startsWith("owner-") || local.endsWith("-request");
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: answer mail sent to the notifier address";
    }
}
