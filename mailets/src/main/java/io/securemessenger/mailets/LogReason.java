package io.securemessenger.mailets;

import java.util.Set;
import javax.mail.MessagingException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one WARN line naming the mail (James' name for it, the processor, the number of
 * recipients) and why it is where it is, so that an administrator reading the log can find it in
 * its repository. Never a subject, an address or content. The mail goes on unchanged.
 *
 * <pre>{@code <mailet match="All" class="io.securemessenger.mailets.LogReason">
 *     <reason>routing loop: too many Received headers, not relayed again</reason>
 * </mailet>}</pre>
 */
public class LogReason extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(LogReason.class);

    private String reason;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("reason"));
        reason = getInitParameter("reason", "").strip();
        if (reason.isEmpty()) {
            throw new MessagingException(getMailetName() + ": reason must say why mail comes here");
        }
    }

    @Override
    public void service(Mail mail) {
        LOGGER.warn("Mail {} in processor {} ({} recipients): {}", mail.getName(), mail.getState(), mail.getRecipients().size(), reason);
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: log why a mail is here";
    }
}
