package io.securemessenger.mailets.notification;

import io.securemessenger.mailets.AtOnceRemoteDelivery;
import io.securemessenger.mailets.InlineProcessing;
import io.securemessenger.mailets.SecurePathSettings;
import java.util.List;
import java.util.Optional;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

/**
 * Hands the mail Secure Messenger writes to the mailet container, from the one stable notifier
 * address ({@code notifier.address}, or the postmaster), so that it is routed like any other mail:
 * through James' spool, or — for mail written while the mail that caused it is processed — through
 * the processors at once.
 */
public final class Outbox {
    private Outbox() {
    }

    /** Sends {@code message} to {@code to} with the given attributes, from the notifier address. */
    public static void send(MailetContext context, SecurePathSettings settings, MimeMessage message, MailAddress to,
                            List<Attribute> attributes) throws MessagingException {
        send(context, Optional.of(from(context, settings)), message, to, attributes, Optional.empty());
    }

    /**
     * Sends {@code message} to {@code to} with the given envelope sender (empty: the null sender),
     * attributes and DSN parameters.
     */
    public static void send(MailetContext context, Optional<MailAddress> envelopeSender, MimeMessage message, MailAddress to,
                            List<Attribute> attributes, Optional<DsnParameters> dsn) throws MessagingException {
        MailImpl mail = mail(envelopeSender, message, to, attributes, dsn);
        try {
            context.sendMail(mail);
        } finally {
            mail.dispose();
        }
    }

    /**
     * Runs the mail through the mailet container now, from processor {@code state}, instead of
     * handing it to the spool: only for mail written while James processes the mail that caused it
     * ({@link InlineProcessing}). Returns whether it was delivered at once ({@link AtOnceRemoteDelivery}),
     * rather than left in a queue, a mailbox or a repository.
     */
    public static boolean process(MailProcessor processor, String state, Optional<MailAddress> envelopeSender, MimeMessage message,
                               MailAddress to, List<Attribute> attributes, Optional<DsnParameters> dsn) throws MessagingException {
        MailImpl mail = mail(envelopeSender, message, to, attributes, dsn);
        try {
            InlineProcessing.run(processor, mail, state);
            return mail.getAttribute(AtOnceRemoteDelivery.DELIVERED_AT_ONCE).isPresent();
        } finally {
            mail.dispose();
        }
    }

    private static MailImpl mail(Optional<MailAddress> envelopeSender, MimeMessage message, MailAddress to, List<Attribute> attributes,
                                 Optional<DsnParameters> dsn) throws MessagingException {
        MailImpl mail = MailImpl.builder().name(MailImpl.getId()).sender(envelopeSender).addRecipient(to).mimeMessage(message)
            .addAttributes(attributes).build();
        dsn.ifPresent(mail::setDsnParameters);
        return mail;
    }

    /** The notifier address and its tagged forms. */
    public static NotifierAddress notifier(MailetContext context, SecurePathSettings settings) {
        return new NotifierAddress(from(context, settings), settings.notifierAddress().isPresent());
    }

    /** The notifier address: {@code notifier.address}, or the postmaster. */
    public static MailAddress from(MailetContext context, SecurePathSettings settings) {
        return settings.notifierAddress().map(Outbox::address).orElseGet(context::getPostmaster);
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException("notifier.address=" + value + " is not a mail address", e);
        }
    }
}
