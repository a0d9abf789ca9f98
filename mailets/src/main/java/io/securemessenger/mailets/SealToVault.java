package io.securemessenger.mailets;

import io.securemessenger.dlp.MessageTextExtractor;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.DeliveryStore;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.Address;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals a mail into the vault once for all its recipients (who are all outside the organisation
 * by the time it runs), gives each recipient a delivery with its own link token, sends each a
 * notification without content, sends the sender a confirmation, and ghosts the original:
 * nothing protected leaves in clear. Every subject it writes is stripped of the trigger word.
 * The subject is checked by the DLP policy {@code subjectPolicy} (default {@code hipaa}, from
 * {@code policyFile}, default {@code file://conf/dlp-policies.xml}) whatever route brought the mail
 * here, and so is the DLP matcher's verdict: a flagged subject is never shown to recipients (they
 * see a neutral one), the sealed summary records it so that receipts and expiry warnings withhold
 * it, and the sender's confirmation says why.
 *
 * <p>Notifications and the confirmation go through the processors at once, while the sealed mail
 * is still in the spool ({@link InlineProcessing}). A notification starts at the processor
 * {@code notificationProcessor} (default {@code notification-delivery}): its recipient is one of the
 * sealed mail's, which passed {@code root} and {@code transport} already. The confirmation starts at
 * {@code root}, which routes it to the sender. Notifications also carry the attribute
 * {@link #NOTIFICATION}, which {@code mailetcontainer.xml} routes straight to delivery when such
 * mail comes through the spool, so they are never sealed themselves.
 *
 * <p>When the vault's database does not answer, the mail goes to the processor named by
 * {@code retryProcessor} (default {@code vault-retry}), which puts it back in the spool to be
 * sealed later; any other failure goes to the {@code error} processor. Either way it is kept.
 *
 * <pre>{@code <mailet match="All" class="io.securemessenger.mailets.SealToVault">
 *     <retryProcessor>vault-retry</retryProcessor>
 *     <notificationProcessor>notification-delivery</notificationProcessor>
 *     <subjectPolicy>hipaa</subjectPolicy>
 * </mailet>}</pre>
 */
public class SealToVault extends GenericMailet {
    /** Marks the notifications this mailet sends (a boolean). */
    public static final AttributeName NOTIFICATION = AttributeName.of("securemessenger.notification");
    /** On a notification: the delivery it announces (a string), to tie a bounce to it. */
    public static final AttributeName DELIVERY = AttributeName.of("securemessenger.delivery");
    /** On a notification: who sent the sealed message (a string), who a bounce is reported to. */
    public static final AttributeName ORIGINAL_SENDER = AttributeName.of("securemessenger.original-sender");
    /**
     * Set (to {@code true}) on plain mail that came to be sealed because the recipient's server
     * offers no STARTTLS: the confirmation tells the sender why their mail went securely.
     */
    public static final AttributeName TLS_FALLBACK = AttributeName.of("securemessenger.tls-fallback");
    /** Marks a reply written on the portal (a boolean): it is sealed already, and its writer gets no confirmation. */
    public static final AttributeName PORTAL_REPLY = AttributeName.of("securemessenger.portal-reply");
    /** On the mail being sealed: the vault message it became (a string), so reprocessing does not seal it twice. */
    public static final AttributeName SEALED_AS = AttributeName.of("securemessenger.sealed-as");
    private static final Logger LOGGER = LoggerFactory.getLogger(SealToVault.class);

    private final Vault vault;
    private final NotificationTemplates templates;
    private final SecurePathSettings settings;
    private final FileSystem fileSystem;
    private final Clock clock;
    private final Provider<MailProcessor> processors;
    private String retryProcessor;
    private String notificationProcessor;
    private SubjectPolicy subjectPolicy;

    /**
     * {@code processors}: James' mailet container (its composite of processors), which the
     * notifications and the confirmation go through while the sealed mail is still in the spool.
     */
    @Inject
    public SealToVault(Vault vault, NotificationTemplates templates, SecurePathSettings settings, FileSystem fileSystem,
                       Provider<MailProcessor> processors) {
        this(vault, templates, settings, fileSystem, Clock.systemDefaultZone(), processors);
    }

    public SealToVault(Vault vault, NotificationTemplates templates, SecurePathSettings settings, FileSystem fileSystem, Clock clock,
                       Provider<MailProcessor> processors) {
        this.vault = vault;
        this.templates = templates;
        this.settings = settings;
        this.fileSystem = fileSystem;
        this.clock = clock;
        this.processors = processors;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("retryProcessor", "notificationProcessor", "subjectPolicy", "policyFile"));
        retryProcessor = processorParameter("retryProcessor", "vault-retry");
        notificationProcessor = processorParameter("notificationProcessor", "notification-delivery");
        subjectPolicy = SubjectPolicy.load(fileSystem, getInitParameter("policyFile", SubjectPolicy.DEFAULT_FILE).strip(),
            getInitParameter("subjectPolicy", SubjectPolicy.DEFAULT_POLICY).strip(), "SealToVault");
    }

    @Override
    public Collection<org.apache.mailet.ProcessingState> requiredProcessingState() {
        return List.of(new org.apache.mailet.ProcessingState(retryProcessor), new org.apache.mailet.ProcessingState(notificationProcessor));
    }

    private String processorParameter(String name, String defaultValue) throws MessagingException {
        String value = getInitParameter(name, defaultValue).strip();
        if (value.isEmpty()) {
            throw new MessagingException("SealToVault: " + name + " must name a processor");
        }
        return value;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Collection<MailAddress> recipients = mail.getRecipients();
        if (recipients.isEmpty()) {
            mail.setState(Mail.GHOST);
            return;
        }
        MimeMessage message = mail.getMessage();
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        String senderAddress = sender.map(MailAddress::asString).orElse("");
        String senderName = senderName(message, senderAddress);
        String stripped = MatcherVerdicts.withoutTrigger(mail, MessageTextExtractor.subject(message)).strip();
        String subject = stripped.isEmpty() ? "(no subject)" : stripped;
        boolean subjectFlagged = MatcherVerdicts.dlpSubjectFlagged(mail) || subjectPolicy.flags(subject);
        if (subjectFlagged) {
            LOGGER.info("DLP policy {} flagged the subject of mail {}: recipients see a neutral one", subjectPolicy.name(), mail.getName());
        }
        Optional<String> shownToRecipients = subjectFlagged ? Optional.empty() : Optional.of(subject);
        Instant now = clock.instant();
        ZonedDateTime zonedNow = now.atZone(clock.getZone());
        ZonedDateTime sentAt = sentAt(message, zonedNow);
        List<NotificationTemplates.Attachment> attachments = attachments(message);
        Optional<String> recorded = AttributeUtils.getValueAndCastFromMail(mail, SEALED_AS, String.class);
        String messageId = recorded.orElseGet(() -> vaultIdOf(mail));
        try {
            // Sealed before: reprocessed from the error repository (the attribute), or processed again
            // after a crash between sealing and the spool's commit (the id derived from the mail's name,
            // which sealing finds in the vault).
            boolean alreadySealed = recorded.isPresent();
            Set<String> notified = new HashSet<>();
            if (!alreadySealed) {
                Optional<String> keys = vault.keyStoreProblem();
                if (keys.isEmpty()) {
                    MessageSummary summary = new MessageSummary(subject, sentAt.toInstant(),
                        recipients.stream().map(MailAddress::asString).collect(Collectors.toList()),
                        attachments.stream().map(a -> new MessageSummary.Attachment(a.name(), a.bytes())).collect(Collectors.toList()))
                        .withSubjectFlagged(subjectFlagged);
                    alreadySealed = !vault.messages().sealUnlessSealed(messageId, senderAddress, vault.keyRing(), now,
                        now.plus(settings.retention()), List.of(SealedMessageStore.Part.of("message", new MimeMessageInputStream(message)),
                            SealedMessageStore.Part.of(MessageSummary.PART, summary.toStream())));
                    if (!alreadySealed) {
                        vault.audit().append(AuditAction.SEAL, senderAddress.isEmpty() ? "<>" : senderAddress, messageId,
                            "recipients=" + recipients.size());
                    }
                } else if (vault.records().sealedAt(messageId).isPresent()) {
                    // Sealed before a crash: notifying its recipients needs no master key.
                    alreadySealed = true;
                } else {
                    // Sealing would still work from the keys in memory: nothing is sealed under a key no file keeps.
                    waitForVault(mail, keys.get());
                    return;
                }
            }
            // Should a later step fail, the mail goes to the error repository with this attribute;
            // reprocessing it then notifies whoever was not notified, without sealing it twice.
            mail.setAttribute(new Attribute(SEALED_AS, AttributeValue.of(messageId)));
            if (alreadySealed) {
                for (Delivery delivery : vault.deliveries().forMessage(messageId)) {
                    if (delivery.reached(DeliveryStatus.QUEUED) || delivery.reached(DeliveryStatus.NOTIFIED)) {
                        notified.add(delivery.recipient());
                    } else {
                        // Its notification never left: a new delivery (and link) replaces it.
                        vault.deliveries().discardUnused(delivery.id());
                    }
                }
                LOGGER.info("Mail {} was sealed before as vault message {}: notifying the {} recipients not yet notified",
                    mail.getName(), messageId, recipients.size() - notified.size());
            }
            for (MailAddress recipient : recipients) {
                if (notified.contains(recipient.asString())) {
                    continue;
                }
                DeliveryStore.Created delivery = vault.deliveries().create(messageId, recipient.asString(), now);
                MimeMessage notice = templates.recipientNotification(recipient.toInternetAddress().orElseThrow(), senderName,
                    senderAddress, shownToRecipients, settings.messageLink(delivery.token().value()), zonedNow.plus(settings.retention()), zonedNow);
                List<Attribute> attributes = new ArrayList<>();
                attributes.add(new Attribute(NOTIFICATION, AttributeValue.of(true)));
                attributes.add(new Attribute(DELIVERY, AttributeValue.of(delivery.deliveryId())));
                sender.ifPresent(s -> attributes.add(new Attribute(ORIGINAL_SENDER, AttributeValue.of(s.asString()))));
                // Delivered, or in its delivery queue, once this returns, before the delivery is marked: should the
                // server stop in between, this mail is processed again and notifies this recipient again.
                boolean deliveredAtOnce = Outbox.process(processors.get(), notificationProcessor,
                    Optional.of(Outbox.notifier(getMailetContext(), settings).bounceAddressFor(delivery.deliveryId())),
                    notice, recipient, attributes, dsnFor(mail, recipient));
                // NOTIFIED is recorded when the recipient's server accepts it (RecordNotificationAccepted): already, when
                // it was delivered at once; otherwise from its delivery queue, which may also be before this line.
                if (!deliveredAtOnce) {
                    vault.deliveries().recordQueued(delivery.deliveryId(), now, 0);
                }
                vault.audit().append(AuditAction.NOTIFY, "system", delivery.deliveryId(), null);
            }
        } catch (VaultException e) {
            Optional<String> unavailable = vault.unavailability();
            if (unavailable.isPresent() || e.isTransient()) {
                // A silent database, or one that refused for now (e.g. a deadlock between two mails).
                waitForVault(mail, unavailable.orElse("the vault database refused for now") + " (" + e.getMessage() + ")");
                return;
            }
            // The mail goes to the error processor and is kept there: accepted mail is never lost. James
            // stores this message with the mail (a JPA repository of a stock James keeps 200 characters).
            throw new MessagingException("Not sealed: " + abbreviate(e.getMessage(), 120), e);
        }
        boolean portalReply = AttributeUtils.getValueAndCastFromMail(mail, PORTAL_REPLY, Boolean.class).orElse(false);
        if (sender.isPresent() && !portalReply) {
            // The sender wrote the subject: the confirmation, which stays inside, may show it.
            MimeMessage confirmation = templates.senderConfirmation(sender.get().toInternetAddress().orElseThrow(), subject,
                recipients.stream().map(MailAddress::asString).collect(Collectors.toList()), attachments, subjectFlagged,
                isTlsFallback(mail), sentAt, settings.sentItemsLink(), zonedNow);
            // From root: where the sender's mail goes (a mailbox, Exchange, outside) is the routing policy's to say.
            Outbox.process(processors.get(), Mail.DEFAULT, Optional.of(Outbox.from(getMailetContext(), settings)), confirmation,
                sender.get(), List.of(), Optional.empty());
        }
        LOGGER.info("Sealed mail {} as vault message {} for {} recipients", mail.getName(), messageId, recipients.size());
        mail.setState(Mail.GHOST);
    }

    /**
     * The DSN request of the original submission for one recipient (NOTIFY, ORCPT), with its
     * ENVID, for the notification: DSNs about the notification answer the sender's request.
     * Returned headers only: a DSN never carries the notification's link back.
     */
    private static Optional<DsnParameters> dsnFor(Mail mail, MailAddress recipient) {
        return mail.dsnParameters().flatMap(dsn -> {
            DsnParameters.Builder builder = DsnParameters.builder().ret(DsnParameters.Ret.HDRS);
            dsn.getEnvIdParameter().ifPresent(builder::envId);
            Optional.ofNullable(dsn.getRcptParameters().get(recipient)).ifPresent(p -> builder.addRcptParameter(recipient, p));
            return builder.build();
        });
    }

    private static boolean isTlsFallback(Mail mail) {
        return mail.getAttribute(TLS_FALLBACK).map(a -> String.valueOf(a.getValue().value())).filter("true"::equalsIgnoreCase).isPresent();
    }

    private static String senderName(MimeMessage message, String fallback) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress) {
                InternetAddress address = (InternetAddress) from[0];
                if (address.getPersonal() != null && !address.getPersonal().isBlank()) {
                    return address.getPersonal().strip();
                }
                return address.getAddress();
            }
        } catch (MessagingException e) {
            // A broken From header: the envelope sender names the person as well.
        }
        return fallback.isEmpty() ? "an unknown sender" : fallback;
    }

    private static ZonedDateTime sentAt(MimeMessage message, ZonedDateTime fallback) {
        try {
            Date sent = message.getSentDate();
            return sent == null ? fallback : sent.toInstant().atZone(fallback.getZone());
        } catch (MessagingException e) {
            return fallback;
        }
    }

    /** Names and sizes of the attachments, for the sender's confirmation only. */
    static List<NotificationTemplates.Attachment> attachments(Part part) {
        List<NotificationTemplates.Attachment> found = new ArrayList<>();
        collect(part, found, 0);
        return found;
    }

    private static void collect(Part part, List<NotificationTemplates.Attachment> found, int depth) {
        if (depth > 20) {
            return;
        }
        try {
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, found, depth + 1);
                }
            } else if (part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                String name = Optional.ofNullable(part.getFileName()).orElse("(unnamed)");
                long size;
                try (var in = part.getInputStream()) {
                    size = in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                found.add(new NotificationTemplates.Attachment(name, size));
            }
        } catch (MessagingException | IOException e) {
            found.add(new NotificationTemplates.Attachment("(unreadable attachment)", 0));
        }
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? String.valueOf(text) : text.substring(0, max - 1) + "…";
    }

    private void waitForVault(Mail mail, String why) {
        LOGGER.warn("Vault unavailable: {}; mail {} waits in processor {} to be sealed later", why, mail.getName(), retryProcessor);
        mail.setState(retryProcessor);
    }

    /**
     * The vault id of a mail: derived from James' name for it (unique, and kept when the spool
     * hands the same mail out again after a crash), so a mail is sealed once however often it is
     * processed. A one-way hash: the id tells nothing of the mail.
     */
    static String vaultIdOf(Mail mail) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(("securemessenger.seal:" + mail.getName()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: seal into the vault and notify";
    }
}
