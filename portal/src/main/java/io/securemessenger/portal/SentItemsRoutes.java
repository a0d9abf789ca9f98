package io.securemessenger.portal;

import io.securemessenger.portal.message.MessagePage;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organisation's senders: Sent Items with every recipient's history, one sent message with its
 * thread, and recall (of one recipient's delivery or all).
 */
final class SentItemsRoutes implements Routes {
    private final Vault vault;
    private final Access access;
    private final Threads threads;
    private final Clock clock;

    SentItemsRoutes(Vault vault, Access access, Threads threads, Clock clock) {
        this.vault = vault;
        this.access = access;
        this.threads = threads;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get("/sent", this::list)
            .get("/sent/([A-Za-z0-9_-]{1,64})", this::message)
            .post("/sent/([A-Za-z0-9_-]{1,64})/recall", this::recall);
    }

    void list(Exchange exchange) throws IOException, VaultException {
        Optional<String> sender = access.sender(exchange);
        if (sender.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : vault.records().sentBy(sender.get(), 200)) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", id);
            row.put("subject", vault.summary(id).map(MessageSummary::subject).orElse("(no longer available)"));
            row.put("sent", vault.records().sealedAt(id).map(exchange::when).orElse(""));
            row.put("recipients", recipientRows(exchange, id));
            rows.add(row);
        }
        Map<String, Object> values = exchange.values("Sent Items");
        values.put("messages", rows);
        values.put("empty", rows.isEmpty());
        exchange.render("sent", values);
    }

    private void message(Exchange exchange) throws IOException, VaultException {
        String messageId = exchange.pathPart(1);
        if (access.ownMessage(exchange, messageId).isEmpty()) {
            return;
        }
        Optional<MessageSummary> summary = vault.summary(messageId);
        Map<String, Object> values = exchange.values(summary.map(MessageSummary::subject).orElse("Sent message"));
        values.put("subject", summary.map(MessageSummary::subject).orElse("(no longer available)"));
        values.put("id", messageId);
        values.put("sent", vault.records().sealedAt(messageId).map(exchange::when).orElse(""));
        values.put("recipients", recipientRows(exchange, messageId));
        List<Map<String, Object>> thread = threads.replies(messageId, Optional.empty());
        values.put("replies", thread);
        values.put("hasReplies", !thread.isEmpty());
        if (threads.readable(messageId)) {
            MessagePage view = threads.page(messageId);
            view.safeHtml().ifPresent(h -> values.put("html", h));
            view.text().ifPresent(t -> values.put("text", t));
        }
        vault.audit().append(AuditAction.VIEW, exchange.visit().principal().get(), messageId, "sent items");
        exchange.render("sent-message", values);
    }

    private void recall(Exchange exchange) throws IOException, VaultException {
        String messageId = exchange.pathPart(1);
        if (access.ownMessage(exchange, messageId).isEmpty()) {
            return;
        }
        Optional<String> one = Optional.of(exchange.parameter("delivery")).filter(d -> !d.isBlank());
        if (vault.recall(messageId, one, exchange.visit().principal().get(), null, clock.instant()).isEmpty()) {
            exchange.notFound();
            return;
        }
        exchange.redirect("/sent/" + messageId);
    }

    private List<Map<String, Object>> recipientRows(Exchange exchange, String messageId) throws VaultException {
        return DeliveryHistory.rows(exchange, vault.deliveries().forMessage(messageId));
    }
}
