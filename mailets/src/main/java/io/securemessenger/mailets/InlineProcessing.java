package io.securemessenger.mailets;

import javax.mail.MessagingException;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.mailet.Mail;

/**
 * Runs a mail a mailet wrote through James' processors at once, in the mailet's thread, where
 * {@code MailetContext.sendMail} would enqueue it in the spool first. Only for mail written while
 * the mail that caused it is still held by its queue (the spool, a delivery queue): the mail is
 * where the processors put it (a delivery queue, a mailbox, a repository) once this returns, and
 * should the server stop before, the queue hands out the causing mail again. It saves a spool pass
 * (a journal write and sync, a blob file, a read back) per mail.
 */
public final class InlineProcessing {
    private InlineProcessing() {
    }

    /** Processes {@code mail} from {@code state}, marked as sent by a mailet as the spool would mark it. */
    public static void run(MailProcessor processor, Mail mail, String state) throws MessagingException {
        // What JamesMailetContext.sendMail sets: the routing that trusts mail written here (SentByMailet) reads it.
        mail.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
        mail.setState(state);
        processor.service(mail);
    }
}
