package io.securemessenger.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;

/**
 * Refuses, at the end of DATA and as its only reply, a message with a line longer than the SMTP
 * server reads (8192 bytes in James 3.8.1): that line never reached the message, so accepting it
 * would deliver something else than was sent. James itself answers such a line at once with
 * {@code 500 Line length exceeded} and then {@code 250} at the end of DATA, two replies to one
 * command, which desynchronises the client; Secure Messenger's SMTP server (the embedded host)
 * stays silent at the line and records it under {@link #LINE_TOO_LONG}, which this hook reads.
 * Listed first among the message hooks of each listener:
 *
 * <pre>{@code <handler class="io.securemessenger.smtp.RefuseOverlongLineHook"/>}</pre>
 *
 * <p>In a stock James nothing records the key, and the hook never refuses.
 */
public class RefuseOverlongLineHook implements MessageHook {
    /** Set (to true) on the transaction when a line of its DATA was too long to read. */
    public static final ProtocolSession.AttachmentKey<Boolean> LINE_TOO_LONG =
        ProtocolSession.AttachmentKey.of("securemessenger.data-line-too-long", Boolean.class);
    static final HookResult REFUSED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("554")
        .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.CONTENT_OTHER)
            + " A line of the message is longer than this server accepts (RFC 5321 4.5.3.1.6); nothing was delivered")
        .build();

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        return session.getAttachment(LINE_TOO_LONG, ProtocolSession.State.Transaction).orElse(false) ? REFUSED : HookResult.DECLINED;
    }
}
