package io.securemessenger.portal;

import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditQuery;
import io.securemessenger.vault.audit.AuditRecord;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.MessageQuery;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The officer's view of the sealed messages: search by sender, recipient, days and status; one
 * message's record (who sealed it, each recipient's history, who opened it and when, from the audit
 * trail); and what an officer may do to it: recall it from one recipient or all, and move its
 * expiry (emergency access to its content: {@link OfficerEmergencyRoutes}). Subjects the DLP policy flagged are shown withheld, and no content is ever shown here.
 * Every search, look-up and act is audited.
 */
final class OfficerMessageRoutes implements Routes {
    static final String MESSAGES = "/officer/messages";
    static final int SHOWN = 100;
    /** An expiry is moved at most this far from today. */
    static final Duration LONGEST_EXPIRY = Duration.ofDays(365);
    private static final String ID = "([A-Za-z0-9_-]{1,64})";

    private final Vault vault;
    private final Access access;
    private final Clock clock;

    OfficerMessageRoutes(Vault vault, Access access, Clock clock) {
        this.vault = vault;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get(MESSAGES, this::search)
            .get(MESSAGES + "/" + ID, this::message)
            .post(MESSAGES + "/" + ID + "/recall", this::recall)
            .post(MESSAGES + "/" + ID + "/expiry", this::expiry);
    }

    private void search(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        Map<String, Object> values = exchange.values("Sealed messages");
        String sender = exchange.field("sender", 320);
        String recipient = exchange.field("recipient", 320);
        String status = exchange.field("status", 20);
        values.put("sender", sender);
        values.put("recipient", recipient);
        values.put("statuses", Arrays.stream(DeliveryStatus.values())
            .map(s -> Map.of("name", s.name(), "label", DeliveryHistory.STATUS.get(s), "selected", s.name().equals(status)))
            .collect(Collectors.toList()));
        Optional<Instant[]> days = OfficerFilters.days(exchange, values);
        if (!status.isEmpty() && Arrays.stream(DeliveryStatus.values()).noneMatch(s -> s.name().equals(status))) {
            values.put("error", "There is no status " + status + ".");
        }
        if (days.isEmpty() || values.containsKey("error")) {
            exchange.status(400);
            exchange.render("officer-messages", values);
            return;
        }
        MessageQuery query = MessageQuery.all().sender(Optional.of(sender)).recipient(Optional.of(recipient))
            .sealedBetween(Optional.ofNullable(days.get()[0]), Optional.ofNullable(days.get()[1]))
            .status(Optional.of(status).filter(s -> !s.isEmpty()));
        vault.audit().append(AuditAction.MESSAGE_SEARCH, officer.get(), null, OfficerFilters.describe(exchange,
            List.of("sender", "recipient", "from", "to", "status")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MessageRecords.Found found : vault.records().search(query, SHOWN)) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", found.messageId());
            row.put("sealed", exchange.when(found.sealedAt()));
            row.put("sender", found.sender());
            row.put("subject", subject(found));
            row.put("recipients", vault.deliveries().forMessage(found.messageId()).stream()
                .map(d -> d.recipient() + ": " + DeliveryHistory.current(d)).collect(Collectors.toList()));
            rows.add(row);
        }
        values.put("messages", rows);
        values.put("none", rows.isEmpty());
        values.put("more", rows.size() == SHOWN);
        values.put("shown", SHOWN);
        exchange.render("officer-messages", values);
    }

    private void message(Exchange exchange) throws IOException, VaultException {
        Optional<Target> target = target(exchange);
        if (target.isEmpty()) {
            return;
        }
        String officer = target.get().officer;
        MessageRecords.Found found = target.get().message;
        vault.audit().append(AuditAction.MESSAGE_LOOKUP, officer, found.messageId(), null);
        render(exchange, found, Optional.empty(), Optional.empty());
    }

    /** The message's record page, with a notice or an error (the emergency access route shows its refusals here too). */
    void render(Exchange exchange, MessageRecords.Found found, Optional<String> info, Optional<String> error)
        throws IOException, VaultException {
        String subject = subject(found);
        Map<String, Object> values = exchange.values("Sealed message " + found.messageId());
        values.put("id", found.messageId());
        values.put("subject", subject);
        values.put("sender", found.sender());
        values.put("sealed", exchange.when(found.sealedAt()));
        found.inReplyTo().ifPresent(original -> values.put("inReplyTo", original));
        if (found.destroyedAt().isPresent()) {
            values.put("destroyed", exchange.when(found.destroyedAt().get()));
        } else {
            values.put("expires", exchange.when(found.expiresAt()));
            values.put("expiryDay", found.expiresAt().atZone(ZoneId.systemDefault()).toLocalDate().toString());
        }
        List<Delivery> deliveries = vault.deliveries().forMessage(found.messageId());
        values.put("recipients", DeliveryHistory.rows(exchange, deliveries));
        values.put("anyRecallable", deliveries.stream().anyMatch(DeliveryHistory::recallable));
        List<Map<String, Object>> openings = openings(exchange, deliveries);
        values.put("openings", openings);
        values.put("opened", !openings.isEmpty());
        info.ifPresent(i -> values.put("info", i));
        error.ifPresent(e -> values.put("error", e));
        exchange.render("officer-message", values);
    }

    /** Who opened the message and its attachments, and when: the trail's views and downloads of its deliveries, oldest first. */
    private List<Map<String, Object>> openings(Exchange exchange, List<Delivery> deliveries) throws VaultException {
        List<AuditRecord> records = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            for (AuditAction action : List.of(AuditAction.VIEW, AuditAction.DOWNLOAD)) {
                records.addAll(vault.audit().search(AuditQuery.all().subject(Optional.of(delivery.id())).action(Optional.of(action)), 50));
            }
        }
        records.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditRecord record : records) {
            rows.add(Map.of("at", exchange.when(record.at()), "actor", record.actor(),
                "what", record.action().equals(AuditAction.DOWNLOAD.name()) ? "downloaded an attachment" : "opened the message"));
        }
        return rows;
    }

    private void recall(Exchange exchange) throws IOException, VaultException {
        Optional<Target> target = target(exchange);
        if (target.isEmpty()) {
            return;
        }
        String officer = target.get().officer;
        MessageRecords.Found found = target.get().message;
        Optional<String> one = Optional.of(exchange.parameter("delivery")).filter(d -> !d.isBlank());
        Optional<List<String>> recalled = vault.recall(found.messageId(), one, officer, "officer", clock.instant());
        if (recalled.isEmpty()) {
            exchange.notFound();
            return;
        }
        render(exchange, found, Optional.of(recalled.get().isEmpty() ? "Nothing was left to recall."
            : "Recalled for " + recalled.get().size() + " recipient(s): the link no longer opens the message."), Optional.empty());
    }

    private void expiry(Exchange exchange) throws IOException, VaultException {
        Optional<Target> target = target(exchange);
        if (target.isEmpty()) {
            return;
        }
        String officer = target.get().officer;
        MessageRecords.Found found = target.get().message;
        Instant now = clock.instant();
        ZoneId zone = ZoneId.systemDefault();
        Instant expires;
        try {
            // The message can be read to the end of the day chosen.
            expires = LocalDate.parse(exchange.field("day", 10)).plusDays(1).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            exchange.status(400);
            render(exchange, found, Optional.empty(), Optional.of("A day must be written as year-month-day, for example 2026-12-31."));
            return;
        }
        if (!expires.isAfter(now) || expires.isAfter(now.plus(LONGEST_EXPIRY))) {
            exchange.status(400);
            render(exchange, found, Optional.empty(), Optional.of("The last day must be today or later, and within a year."));
            return;
        }
        if (!vault.records().changeExpiry(found.messageId(), expires)) {
            exchange.status(409);
            render(exchange, found, Optional.empty(), Optional.of("This message was destroyed already: its expiry cannot change."));
            return;
        }
        vault.audit().append(AuditAction.EXPIRY_CHANGE, officer, found.messageId(), "from " + found.expiresAt() + " to " + expires);
        render(exchange, vault.records().find(found.messageId()).orElseThrow(), Optional.of("The message now expires "
            + exchange.when(expires) + "."), Optional.empty());
    }

    /** The signed-in officer and the message of the path. */
    static final class Target {
        final String officer;
        final MessageRecords.Found message;

        Target(String officer, MessageRecords.Found message) {
            this.officer = officer;
            this.message = message;
        }
    }

    /** The officer and the message of the path; otherwise the refusal (or "not found") has been sent. */
    Optional<Target> target(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return Optional.empty();
        }
        Optional<MessageRecords.Found> found = vault.records().find(exchange.pathPart(1));
        if (found.isEmpty()) {
            exchange.notFound();
            return Optional.empty();
        }
        return Optional.of(new Target(officer.get(), found.get()));
    }

    /** The subject as the console may show it: withheld when the DLP policy flagged it, gone with the message. */
    private String subject(MessageRecords.Found found) throws VaultException {
        if (found.destroyedAt().isPresent()) {
            return "(destroyed at expiry)";
        }
        return vault.summary(found.messageId()).map(MessageSummary::quotableSubject).orElse("(no subject recorded)");
    }
}
