package io.securemessenger.mailets;

import io.securemessenger.mailets.notification.NotifierAddress;
import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMultipart;
import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery report (RFC 3464) that arrives after a notification left, addressed to the
 * notification's tagged envelope sender. A {@code failed} report marks the delivery undeliverable,
 * audits the bounce and becomes, in processor {@code failedProcessor}, a mail from the failed
 * recipient to the sealed message's sender carrying the remote status and diagnostic, for a
 * {@code DSNBounce} to report. A {@code delayed} report (sent only when the sender asked for
 * NOTIFY=DELAY, which the notification passed on) goes the same way to {@code delayedProcessor}.
 * Reports of success are dropped: the sender was told when the notification was handed over.
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.mailets.ToNotifierAddress=bounces" class="io.securemessenger.mailets.RecordLateBounce">
 *     <failedProcessor>late-bounces</failedProcessor>
 *     <delayedProcessor>late-delays</delayedProcessor>
 * </mailet>
 * }</pre>
 */
public class RecordLateBounce extends GenericMailet {
    /** Where James' DSNBounce reads the status it reports. */
    static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordLateBounce.class);
    private static final int MAX_DIAGNOSTIC = 300;

    private final Vault vault;
    private final SecurePathSettings settings;
    private final Clock clock;
    private String failedProcessor;
    private String delayedProcessor;

    @Inject
    public RecordLateBounce(Vault vault, SecurePathSettings settings) {
        this(vault, settings, Clock.systemUTC());
    }

    RecordLateBounce(Vault vault, SecurePathSettings settings, Clock clock) {
        this.vault = vault;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("failedProcessor", "delayedProcessor"));
        failedProcessor = getInitParameter("failedProcessor", "late-bounces").strip();
        delayedProcessor = getInitParameter("delayedProcessor", "late-delays").strip();
        if (failedProcessor.isEmpty() || delayedProcessor.isEmpty()) {
            throw new MessagingException("RecordLateBounce: failedProcessor and delayedProcessor must name processors");
        }
    }

    /** One recipient's fields of a delivery report. */
    static final class Report {
        final String action;
        final String status;
        final Optional<String> diagnostic;

        Report(String action, String status, Optional<String> diagnostic) {
            this.action = action;
            this.status = status;
            this.diagnostic = diagnostic;
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        NotifierAddress notifier = Outbox.notifier(getMailetContext(), settings);
        Optional<String> deliveryId = mail.getRecipients().stream().map(notifier::deliveryOf).flatMap(Optional::stream).findFirst();
        Optional<Report> report = worst(reports(mail));
        mail.setState(Mail.GHOST);
        if (deliveryId.isEmpty() || report.isEmpty()) {
            LOGGER.info("Delivery report {} names no delivery or no recipient status; dropped", mail.getName());
            return;
        }
        String action = report.get().action;
        if (!action.equals("failed") && !action.equals("delayed")) {
            LOGGER.info("Delivery report {} for delivery {} says {}; nothing to do", mail.getName(), deliveryId.get(), action);
            return;
        }
        try {
            Optional<Delivery> delivery = vault.deliveries().find(deliveryId.get());
            if (delivery.isEmpty()) {
                LOGGER.info("Delivery report {} names unknown delivery {}; dropped", mail.getName(), deliveryId.get());
                return;
            }
            if (action.equals("failed")) {
                vault.deliveries().record(delivery.get().id(), DeliveryStatus.UNDELIVERABLE, clock.instant());
                vault.audit().append(AuditAction.BOUNCE, "system", delivery.get().id(), "late");
            }
            LOGGER.info("Notification for delivery {} {} after it left", delivery.get().id(), action.equals("failed") ? "bounced" : "is delayed");
            Optional<String> sender = vault.records().sender(delivery.get().messageId());
            if (sender.isEmpty()) {
                return;
            }
            readdress(mail, sender.get(), delivery.get().recipient(), report.get());
            mail.setState(action.equals("failed") ? failedProcessor : delayedProcessor);
        } catch (VaultException e) {
            mail.setState(Mail.DEFAULT);
            throw new MessagingException("Cannot record the late bounce of delivery " + deliveryId.get() + ": " + e.getMessage(), e);
        }
    }

    private static void readdress(Mail mail, String sender, String recipient, Report report) throws MessagingException {
        if (!(mail instanceof MailImpl)) {
            throw new MessagingException("RecordLateBounce needs James' own mail implementation to readdress a bounce");
        }
        try {
            ((MailImpl) mail).setSender(new MailAddress(sender));
            mail.setRecipients(List.of(new MailAddress(recipient)));
        } catch (AddressException e) {
            throw new MessagingException("A sealed message's sender or recipient is not a mail address", e);
        }
        // As RemoteDelivery does: DSNBounce writes this as the status and, when it is an SMTP reply, the diagnostic.
        mail.setAttribute(new Attribute(DELIVERY_ERROR, AttributeValue.of(report.diagnostic.orElse(report.status))));
        mail.setErrorMessage("The recipient's mail server reported: " + report.diagnostic.orElse(report.status));
    }

    /** The per-recipient blocks of the message/delivery-status part; empty when there is none. */
    static List<Report> reports(Mail mail) {
        List<Report> reports = new ArrayList<>();
        try {
            if (!(mail.getMessage().getContent() instanceof MimeMultipart)) {
                return reports;
            }
            MimeMultipart multipart = (MimeMultipart) mail.getMessage().getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("message/delivery-status")) {
                    String text;
                    try (InputStream in = part.getInputStream()) {
                        text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                    }
                    String[] groups = text.replace("\r\n", "\n").split("\n\\s*\n");
                    for (int g = 1; g < groups.length; g++) {
                        parse(groups[g]).ifPresent(reports::add);
                    }
                }
            }
        } catch (MessagingException | IOException e) {
            LOGGER.info("Delivery report {} cannot be read: {}", mail.getName(), e.getClass().getSimpleName());
        }
        return reports;
    }

    private static Optional<Report> parse(String group) {
        String action = null;
        String status = "5.0.0";
        Optional<String> diagnostic = Optional.empty();
        // Folded fields continue on lines that start with white space.
        for (String field : group.split("\n(?![ \t])")) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "").strip();
            switch (name) {
                case "action":
                    action = value.toLowerCase(Locale.ROOT);
                    break;
                case "status":
                    status = value.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? value : status;
                    break;
                case "diagnostic-code":
                    int semicolon = value.indexOf(';');
                    String text = semicolon >= 0 ? value.substring(semicolon + 1).strip() : value;
                    diagnostic = Optional.of(text.length() > MAX_DIAGNOSTIC ? text.substring(0, MAX_DIAGNOSTIC) + "..." : text)
                        .filter(d -> !d.isEmpty());
                    break;
                default:
                    break;
            }
        }
        return action == null ? Optional.empty() : Optional.of(new Report(action, status, diagnostic));
    }

    /** failed before delayed before anything else. */
    private static Optional<Report> worst(List<Report> reports) {
        return reports.stream().filter(r -> r.action.equals("failed")).findFirst()
            .or(() -> reports.stream().filter(r -> r.action.equals("delayed")).findFirst())
            .or(() -> reports.stream().findFirst());
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: record a notification that bounced after it left";
    }
}
