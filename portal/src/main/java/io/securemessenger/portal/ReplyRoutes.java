package io.securemessenger.portal;

import io.securemessenger.portal.message.MessageView;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Sizes;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recipient's reply (or reply to all), with attachments: sealed into the message's thread first,
 * then handed to the mail side to be delivered. A reply that cannot be sent keeps what was written.
 */
final class ReplyRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplyRoutes.class);

    private final Vault vault;
    private final PortalConfig config;
    private final Access access;
    private final Threads threads;
    private final MessageRoutes messages;
    private final Replies replies;
    private final Clock clock;

    ReplyRoutes(Vault vault, PortalConfig config, Access access, Threads threads, MessageRoutes messages, Replies replies, Clock clock) {
        this.vault = vault;
        this.config = config;
        this.access = access;
        this.threads = threads;
        this.messages = messages;
        this.replies = replies;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.post("/messages/([A-Za-z0-9_-]{1,64})/reply", this::reply);
    }

    private void reply(Exchange exchange) throws IOException, VaultException {
        String id = exchange.pathPart(1);
        Optional<Delivery> delivery = access.ownDelivery(exchange, id);
        if (delivery.isEmpty()) {
            return;
        }
        String principal = exchange.visit().principal().get();
        String text = exchange.parameter("body").strip();
        boolean all = "reply-all".equals(exchange.parameter("action"));
        List<ReplyBuilder.Upload> uploads;
        try {
            uploads = ReplyBuilder.uploads(exchange.request(), config.maxReplyBytes());
        } catch (ReplyBuilder.TooLarge e) {
            exchange.status(413);
            messages.page(exchange, id, false, Optional.of("The reply and its attachments are larger than " + Sizes.human(config.maxReplyBytes())
                + ". Send fewer or smaller attachments."), text);
            return;
        }
        if (text.isEmpty() && uploads.isEmpty()) {
            exchange.status(400);
            messages.page(exchange, id, false, Optional.of("Write your reply before sending it."), text);
            return;
        }
        MessageView original = threads.read(delivery.get());
        Optional<MessageSummary> summary = vault.summary(delivery.get().messageId());
        String subject = "Re: " + summary.map(MessageSummary::subject).orElse("your secure message");
        Optional<String> sender = vault.records().sender(delivery.get().messageId());
        if (sender.isEmpty()) {
            messages.page(exchange, id, false, Optional.of("This message has no sender address to reply to."), text);
            return;
        }
        List<String> recipients = ReplyBuilder.recipients(sender.get(), original, principal, all);
        Instant now = clock.instant();
        Optional<AccountStore.Account> account = vault.accounts().find(principal);
        String name = account.map(a -> a.firstName() + " " + a.lastName()).orElse("");
        try {
            MimeMessage reply = ReplyBuilder.build(principal, name, recipients, subject, text, uploads, original, now);
            String replyId = ReplyBuilder.opaqueId();
            ByteArrayOutputStream mime = new ByteArrayOutputStream();
            reply.writeTo(mime);
            // "Re: " and the original subject: flagged when the original's was, so receipts of the reply withhold it too.
            MessageSummary replySummary = new MessageSummary(subject, now, recipients,
                uploads.stream().map(u -> new MessageSummary.Attachment(u.name(), u.content().length)).collect(Collectors.toList()))
                .withSubjectFlagged(summary.map(MessageSummary::subjectFlagged).orElse(false));
            vault.messages().sealReply(replyId, delivery.get().messageId(), principal, vault.keyRing(), now, now.plus(config.retention()),
                List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream(mime.toByteArray())),
                    SealedMessageStore.Part.of(MessageSummary.PART, replySummary.toStream())));
            vault.audit().append(AuditAction.REPLY, principal, delivery.get().id(), "reply=" + replyId + " recipients=" + recipients.size());
            replies.send(replyId, reply, principal, recipients);
            vault.deliveries().record(delivery.get().id(), DeliveryStatus.REPLIED, now);
        } catch (VaultException e) {
            throw e;
        } catch (Exception e) {
            LOGGER.warn("A reply to delivery {} could not be sent: {}", delivery.get().id(), e.getClass().getSimpleName());
            exchange.status(500);
            messages.page(exchange, id, false, Optional.of("Your reply could not be sent just now. Please try again in a few minutes."), text);
            return;
        }
        exchange.redirect("/messages/" + delivery.get().id() + "?replied");
    }
}
