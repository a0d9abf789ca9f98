package io.securemessenger.mailets;

import java.util.Optional;
import java.util.Set;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Readdresses a notification to the person who sent the sealed message (its envelope sender is
 * the notifier's tagged address), so that a {@code DSNBounce} after it reports to them. A
 * notification of a mail that had a null sender is dropped: nobody is there to tell.
 *
 * <pre>{@code
 * <processor state="notification-sent">
 *     <mailet match="DSNSuccessRequested" class="io.securemessenger.mailets.ReturnToOriginalSender"/>
 *     <mailet match="DSNSuccessRequested" class="DSNBounce"> <action>delivered</action> ... </mailet>
 *     <mailet match="All" class="Null"/>
 * </processor>
 * }</pre>
 */
public class ReturnToOriginalSender extends GenericMailet {

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        readdress(mail);
    }

    /** Makes the sealed message's sender the envelope sender of {@code mail}, or ghosts it when there is none. */
    static void readdress(Mail mail) throws MessagingException {
        Optional<String> originalSender = AttributeUtils.getValueAndCastFromMail(mail, SealToVault.ORIGINAL_SENDER, String.class);
        if (originalSender.isEmpty()) {
            mail.setState(Mail.GHOST);
            return;
        }
        if (!(mail instanceof MailImpl)) {
            throw new MessagingException("Secure Messenger needs James' own mail implementation to readdress a notification");
        }
        try {
            ((MailImpl) mail).setSender(new MailAddress(originalSender.get()));
        } catch (AddressException e) {
            throw new MessagingException("The sealed message's sender is not a mail address", e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: readdress a notification to the sealed message's sender";
    }
}
