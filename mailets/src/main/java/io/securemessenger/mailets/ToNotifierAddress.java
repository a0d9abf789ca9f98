package io.securemessenger.mailets;

import io.securemessenger.mailets.notification.NotifierAddress;
import io.securemessenger.mailets.notification.Outbox;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Mail addressed to the notifier address, the one notifications come from. Condition
 * {@code bounces}: delivery reports (multipart/report; report-type=delivery-status) sent to a
 * notification's tagged envelope sender, for {@link RecordLateBounce}. Condition {@code replies}:
 * everything else sent to the notifier address or its tagged forms: people answering a
 * notification, out-of-office notices, for {@link AnswerNotifierReply}.
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.mailets.ToNotifierAddress=bounces" class="io.securemessenger.mailets.RecordLateBounce"/>
 * <mailet match="io.securemessenger.mailets.ToNotifierAddress=replies" class="io.securemessenger.mailets.AnswerNotifierReply"/>
 * }</pre>
 */
public class ToNotifierAddress extends GenericMatcher {
    private final SecurePathSettings settings;
    private boolean bounces;

    @Inject
    public ToNotifierAddress(SecurePathSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init() throws MessagingException {
        String condition = String.valueOf(getCondition()).strip();
        if (!condition.equals("bounces") && !condition.equals("replies")) {
            throw new MessagingException("ToNotifierAddress needs the condition 'bounces' or 'replies', not '" + getCondition() + "'");
        }
        bounces = condition.equals("bounces");
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        NotifierAddress notifier = Outbox.notifier(getMailetContext(), settings);
        boolean report = isDeliveryReport(mail);
        if (bounces) {
            return report ? mail.getRecipients().stream().filter(r -> notifier.deliveryOf(r).isPresent()).collect(Collectors.toList()) : List.of();
        }
        return mail.getRecipients().stream()
            .filter(notifier::matches)
            .filter(r -> !report || notifier.deliveryOf(r).isEmpty())
            .collect(Collectors.toList());
    }

    static boolean isDeliveryReport(Mail mail) {
        try {
            if (!mail.getMessage().isMimeType("multipart/report")) {
                return false;
            }
            String reportType = new ContentType(mail.getMessage().getContentType()).getParameter("report-type");
            return "delivery-status".equalsIgnoreCase(reportType);
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Secure Messenger: mail to the notifier address";
    }
}
