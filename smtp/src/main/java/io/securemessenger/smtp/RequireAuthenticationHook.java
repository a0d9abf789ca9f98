package io.securemessenger.smtp;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;

/**
 * Refuses {@code MAIL FROM} until the client has authenticated, whatever the sender and
 * recipients: on a submission listener no message enters without AUTH. Listed first in the
 * listener's {@code <handlerchain>}:
 *
 * <pre>{@code <handler class="io.securemessenger.smtp.RequireAuthenticationHook"/>}</pre>
 */
public class RequireAuthenticationHook implements MailHook {
    private static final HookResult AUTHENTICATION_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode(SMTPRetCode.AUTH_REQUIRED)
        .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH)
            + " Authentication required on this port")
        .build();

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return session.getUsername() == null ? AUTHENTICATION_REQUIRED : HookResult.DECLINED;
    }
}
