package io.securemessenger.mailets;

import java.io.IOException;
import java.io.InputStream;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Makes a mail whose headers a mailet changed (and whose body none did) a plain message again: its
 * current headers followed by the body exactly as received, with nothing left to "save".
 *
 * <p>Why: James marks a message's headers modified whenever a mailet touches them — the mandatory
 * {@code RemoveMimeHeader bcc} does on every mail, even one without a Bcc. Every later copy of such
 * a message (splitting it between recipients, {@code MailImpl.duplicate}; queueing it; storing it)
 * first re-parses the whole MIME tree to save the changes, and a message that parsed well enough
 * to be accepted may not parse that way (an unbalanced quote in a Content-Type, a multipart without
 * its first boundary): the copy fails and the mail is stuck. Settled, a copy streams the bytes, as
 * for any unmodified mail, so a mail deliverable to one recipient is deliverable to each. Placed
 * right after the mailets that change headers:
 *
 * <pre>{@code <mailet match="All" class="RemoveMimeHeader"><name>bcc</name></mailet>
 * <mailet match="All" class="io.securemessenger.mailets.SettleHeaders"/>}</pre>
 */
public class SettleHeaders extends GenericMailet {

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        if (!(message instanceof MimeMessageWrapper)) {
            return;
        }
        MimeMessageWrapper wrapper = (MimeMessageWrapper) message;
        if (!wrapper.isHeaderModified() || wrapper.isBodyModified()) {
            return;
        }
        MimeMessageInputStreamSource settled;
        // The headers as they are now, then the body as received: no re-parsing, no saveChanges().
        try (InputStream in = wrapper.getMessageInputStream()) {
            settled = MimeMessageInputStreamSource.create(mail.getName() + "-settled", in);
        } catch (IOException e) {
            throw new MessagingException("The message could not be copied", e);
        }
        if (mail instanceof MailImpl) {
            // Disposes of the previous message.
            ((MailImpl) mail).setMessageContent(settled);
        } else {
            mail.setMessage(new MimeMessageWrapper(settled));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: settle changed headers so the mail can be copied";
    }
}
