package io.securemessenger.portal;

import java.util.List;
import javax.mail.internet.MimeMessage;

/**
 * What the portal asks of the mail system when a recipient replies: deliver the reply, already
 * sealed into the thread as vault message {@code vaultMessageId}, to {@code recipients} — in clear
 * to addresses inside the organisation, through the vault to any outside. The mailets module
 * implements it with James.
 */
public interface Replies {
    void send(String vaultMessageId, MimeMessage reply, String from, List<String> recipients) throws Exception;
}
