package io.securemessenger.mailets;

import java.util.Set;
import javax.mail.MessagingException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in the {@code error} processor: a mail kept for an administrator always says why. James
 * records the exception when a mailet or matcher fails, but not when the failure happened in James
 * itself (copying the mail for a second recipient, queueing or storing it): such a mail reached the
 * error repository with an empty error. This mailet then writes what is known, and logs one WARN
 * line naming the mail (never its content, subject or addresses) so the server log can be searched.
 *
 * <pre>{@code <mailet match="All" class="io.securemessenger.mailets.RecordErrorReason"/>}</pre>
 */
public class RecordErrorReason extends GenericMailet {
    static final String UNKNOWN = "No mailet recorded a reason: processing failed inside James (copying, queueing or storing the mail). "
        + "The server log names this mail around the time it arrived here.";
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordErrorReason.class);

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) {
        String reason = mail.getErrorMessage();
        boolean known = reason != null && !reason.isBlank();
        if (!known) {
            mail.setErrorMessage(UNKNOWN);
        }
        LOGGER.warn("Mail {} ({} recipients) is kept in the error repository: {}", mail.getName(), mail.getRecipients().size(),
            known ? "see its error message" : "no mailet recorded a reason");
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: a mail kept for the administrator says why";
    }
}
