package io.securemessenger.portal;

import java.time.Instant;
import java.util.List;

/**
 * What the portal asks of the mail system when an officer opens a message's content in an
 * emergency: tell the other officers and the message's sender, at once, who opened which message,
 * when and why (never its content). The wiring module implements it with James.
 */
public interface OfficerNotices {
    void emergencyAccess(List<String> recipients, String officer, String messageId, String sender, Instant sealedAt, String reason,
                         Instant openedAt) throws Exception;
}
