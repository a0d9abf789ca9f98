package io.securemessenger.portal;

import io.securemessenger.portal.message.MessagePage;
import io.securemessenger.portal.message.MessageView;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Sizes;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What recipients read: the VIEW MESSAGE link, their inbox, a message (its first opening is
 * recorded and receipted to the sender) and its attachments. Every view and download is audited.
 */
final class MessageRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageRoutes.class);

    private final Vault vault;
    private final PortalConfig config;
    private final Sessions sessions;
    private final Accounts accounts;
    private final Access access;
    private final Threads threads;
    private final Receipts receipts;
    private final Clock clock;

    MessageRoutes(Vault vault, PortalConfig config, Sessions sessions, Accounts accounts, Access access, Threads threads, Receipts receipts,
                  Clock clock) {
        this.vault = vault;
        this.config = config;
        this.sessions = sessions;
        this.accounts = accounts;
        this.access = access;
        this.threads = threads;
        this.receipts = receipts;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get("/m/([A-Za-z0-9_-]{1,100})", this::link)
            .get("/messages/([A-Za-z0-9_-]{1,64})", exchange -> page(exchange, exchange.pathPart(1), exchange.hasParameter("replied"),
                Optional.empty(), ""))
            .get("/messages/([A-Za-z0-9_-]{1,64})/attachments/([0-9a-f]{32})", this::attachment);
    }

    /** The signed-in recipient's messages. */
    void inbox(Exchange exchange) throws IOException, VaultException {
        Visit visit = exchange.visit();
        if (visit.principal().isEmpty()) {
            exchange.signInFirst();
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Delivery delivery : vault.deliveries().forRecipient(visit.principal().get())) {
            Map<String, Object> row = new HashMap<>();
            boolean readable = !delivery.reached(DeliveryStatus.EXPIRED) && !delivery.reached(DeliveryStatus.RECALLED);
            row.put("id", delivery.id());
            row.put("readable", readable);
            row.put("from", vault.records().sender(delivery.messageId()).orElse("(unknown sender)"));
            row.put("subject", readable ? vault.summary(delivery.messageId()).map(MessageSummary::subject).orElse("(no subject)") : "(no longer available)");
            row.put("received", exchange.when(delivery.createdAt()));
            row.put("status", delivery.reached(DeliveryStatus.RECALLED) ? "Withdrawn by the sender"
                : delivery.reached(DeliveryStatus.EXPIRED) ? "Expired" : delivery.reached(DeliveryStatus.RETRIEVED) ? "Read" : "New");
            rows.add(row);
        }
        Map<String, Object> values = exchange.values("Your secure messages");
        values.put("messages", rows);
        values.put("empty", rows.isEmpty());
        exchange.render("inbox", values);
    }

    /** The VIEW MESSAGE link: alone it shows nothing; it leads the addressed person to sign in or register. */
    private void link(Exchange exchange) throws IOException, VaultException {
        Optional<Delivery> delivery = vault.deliveries().findByToken(exchange.pathPart(1));
        if (delivery.isEmpty()) {
            exchange.status(404);
            exchange.notice("This link does not work", List.of("The link is not complete or not valid. Open the VIEW MESSAGE link "
                + "from the notice again, or sign in with your email address to see your messages."), Optional.of(Map.of("href", "/sign-in", "label", "Sign in")));
            return;
        }
        if (Access.unavailable(exchange, delivery.get())) {
            return;
        }
        String recipient = AccountStore.normalise(delivery.get().recipient());
        Optional<String> principal = exchange.visit().principal();
        if (principal.isPresent()) {
            if (principal.get().equals(recipient)) {
                exchange.redirect("/messages/" + delivery.get().id());
            } else {
                exchange.notice("This message is for another address", List.of("You are signed in as " + principal.get()
                    + ", but this message was sent to another address. Sign out, then open the link again."), Optional.empty());
            }
            return;
        }
        sessions.rememberPending(exchange, delivery.get().id());
        exchange.redirect(accounts.active(recipient).isPresent() ? "/sign-in?email=" + URLEncoder.encode(recipient, StandardCharsets.UTF_8) : "/register");
    }

    /** A message as its recipient reads it, with their replies and the reply form. */
    void page(Exchange exchange, String id, boolean replied, Optional<String> replyError, String draft) throws IOException, VaultException {
        Optional<Delivery> found = access.ownDelivery(exchange, id);
        if (found.isEmpty()) {
            return;
        }
        Delivery delivery = found.get();
        MessagePage view = threads.page(delivery);
        Instant now = clock.instant();
        if (!delivery.reached(DeliveryStatus.RETRIEVED)) {
            vault.deliveries().record(delivery.id(), DeliveryStatus.RETRIEVED, now);
            try {
                receipts.retrieved(delivery, now);
            } catch (Exception e) {
                LOGGER.warn("The retrieval receipt for delivery {} could not be sent: {}", delivery.id(), e.getClass().getSimpleName());
            }
        }
        String principal = exchange.visit().principal().get();
        vault.audit().append(AuditAction.VIEW, principal, delivery.id(), null);
        Map<String, Object> values = exchange.values(view.subject().orElse("Secure message"));
        values.put("subject", view.subject().orElse("(no subject)"));
        values.put("from", view.from());
        values.put("to", view.to());
        values.put("cc", view.cc().isEmpty() ? null : view.cc());
        values.put("sent", view.sent().map(exchange::when).orElse("unknown"));
        // The thread's records, read once, give the message's expiry and its replies.
        List<MessageRecords.Found> thread = vault.records().threadOf(delivery.messageId());
        values.put("expires", thread.stream().filter(m -> m.messageId().equals(delivery.messageId())).findFirst()
            .map(m -> exchange.when(m.expiresAt())).orElse("unknown"));
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (MessagePage.Listed a : view.attachments()) {
            attachments.add(Map.of("deliveryId", delivery.id(), "id", a.id(), "name", a.name(), "size", Sizes.human(a.size())));
        }
        values.put("attachments", attachments);
        values.put("hasAttachments", !attachments.isEmpty());
        view.safeHtml().ifPresent(h -> values.put("html", h));
        view.text().ifPresent(t -> values.put("text", t));
        values.put("deliveryId", delivery.id());
        List<Map<String, Object>> own = threads.replies(thread, delivery.messageId(), Optional.of(principal));
        values.put("replies", own);
        values.put("hasReplies", !own.isEmpty());
        values.put("maxReply", Sizes.human(config.maxReplyBytes()));
        values.put("replied", replied);
        replyError.ifPresent(e -> values.put("replyError", e));
        values.put("draft", draft);
        exchange.render("message", values);
    }

    private void attachment(Exchange exchange) throws IOException, VaultException {
        Optional<Delivery> delivery = access.ownDelivery(exchange, exchange.pathPart(1));
        if (delivery.isEmpty()) {
            return;
        }
        String attachmentId = exchange.pathPart(2);
        Optional<MessageView.Attachment> attachment = threads.read(delivery.get()).attachment(attachmentId);
        if (attachment.isEmpty()) {
            exchange.notFound();
            return;
        }
        vault.audit().append(AuditAction.DOWNLOAD, exchange.visit().principal().get(), delivery.get().id(), "attachment=" + attachmentId);
        exchange.response().setContentType("application/octet-stream");
        exchange.response().setHeader("Content-Disposition", contentDisposition(attachment.get().name()));
        exchange.response().setContentLengthLong(attachment.get().size());
        try (InputStream in = attachment.get().open(); OutputStream out = exchange.response().getOutputStream()) {
            in.transferTo(out);
        }
    }

    /** {@code attachment; filename="ascii"; filename*=UTF-8''encoded}: a safe name for every browser, no path, no quotes. */
    static String contentDisposition(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "attachment";
        }
        String ascii = base.replaceAll("[^A-Za-z0-9._ -]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + URLEncoder.encode(base, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
