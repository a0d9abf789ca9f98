package io.securemessenger.smtp;

import javax.inject.Inject;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * Accepts {@code RCPT TO} the notifier address and its tagged forms, which are nobody's mailbox:
 * replies to notifications and bounces of notifications must reach the mailet container (where
 * {@code ToNotifierAddress} routes them) instead of being refused as unknown users. Listed before
 * {@code ValidRcptHandler} in the MX listener's {@code <handlerchain>}:
 *
 * <pre>{@code <handler class="io.securemessenger.smtp.AcceptNotifierAddressHook"/>}</pre>
 */
public class AcceptNotifierAddressHook implements RcptHook {
    private final NotifierMailbox notifier;

    @Inject
    public AcceptNotifierAddressHook(NotifierMailbox notifier) {
        this.notifier = notifier;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return notifier.accepts(rcpt) ? HookResult.OK : HookResult.DECLINED;
    }
}
