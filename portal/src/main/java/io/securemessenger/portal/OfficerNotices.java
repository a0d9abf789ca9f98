package io.securemessenger.portal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the portal asks of the mail system for an officer: when they open a message's content in an
 * emergency, tell the other officers and the message's sender, at once, who opened which message,
 * when and why (never its content); when they resend a notification, send the recipient a new one
 * with its new link, routed and tracked like the first. The wiring module implements it with James.
 */
public interface OfficerNotices {
    /**
     * Sends the recipient of {@code deliveryId} a notification of its sealed message again: from
     * {@code senderName} and {@code senderAddress}, showing {@code subject} unless it is empty (a
     * flagged subject), with {@code link}, readable until {@code expires}.
     */
    void resendNotification(String deliveryId, String recipient, String senderName, String senderAddress, Optional<String> subject,
                            String link, Instant expires) throws Exception;

    void emergencyAccess(List<String> recipients, String officer, String messageId, String sender, Instant sealedAt, String reason,
                         Instant openedAt) throws Exception;
}
