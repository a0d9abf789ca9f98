package io.securemessenger.portal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditLog;
import io.securemessenger.vault.audit.AuditQuery;
import io.securemessenger.vault.audit.AuditRecord;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The compliance officer's console: its home (whether the audit trail is intact, at a glance) and
 * the audit trail, filtered by actor, action, subject and days, and exported whole as JSON Lines.
 * Only officers signed in with their second factor reach it ({@link Access#officer}); every search
 * and export is itself audited. No page here shows message content.
 */
final class OfficerRoutes implements Routes {
    static final String HOME = "/officer";
    static final String AUDIT = "/officer/audit";
    static final String AUDIT_EXPORT = "/officer/audit.jsonl";
    /** The newest records a search shows; the export has them all. */
    static final int SHOWN = 200;
    private static final Duration VERIFICATION_AGE = Duration.ofMinutes(1);
    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Vault vault;
    private final Access access;
    private final Clock clock;
    private volatile Checked verification;

    OfficerRoutes(Vault vault, Access access, Clock clock) {
        this.vault = vault;
        this.access = access;
        this.clock = clock;
    }

    /** A verification of the whole chain and when it ran; one a minute at most, however many officers look. */
    private static final class Checked {
        final AuditLog.Verification result;
        final Instant at;

        Checked(AuditLog.Verification result, Instant at) {
            this.result = result;
            this.at = at;
        }
    }

    @Override
    public void define(Router router) {
        router.get(HOME, this::home)
            .get(AUDIT, this::audit)
            .get(AUDIT_EXPORT, this::export);
    }

    private void home(Exchange exchange) throws IOException, VaultException {
        if (access.officer(exchange).isEmpty()) {
            return;
        }
        Map<String, Object> values = exchange.values("Compliance console");
        putVerification(exchange, values);
        values.put("recoveryCodesLeft", vault.officers().recoveryCodesLeft(exchange.visit().principal().get()));
        exchange.render("officer-home", values);
    }

    private void audit(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        Map<String, Object> values = exchange.values("Audit trail");
        Optional<AuditQuery> query = query(exchange, values);
        putVerification(exchange, values);
        if (query.isEmpty()) {
            exchange.status(400);
            exchange.render("officer-audit", values);
            return;
        }
        vault.audit().append(AuditAction.AUDIT_SEARCH, officer.get(), null, describe(exchange));
        List<AuditRecord> found = vault.audit().search(query.get(), SHOWN);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditRecord record : found) {
            Map<String, Object> row = new HashMap<>();
            row.put("seq", record.seq());
            row.put("at", exchange.when(record.at()));
            row.put("action", record.action());
            row.put("actor", record.actor());
            row.put("subject", record.subjectId().orElse(""));
            row.put("detail", record.detail().orElse(""));
            rows.add(row);
        }
        values.put("records", rows);
        values.put("none", rows.isEmpty());
        values.put("more", rows.size() == SHOWN);
        values.put("shown", SHOWN);
        values.put("exportQuery", exchange.request().getQueryString() == null ? "" : "?" + exchange.request().getQueryString());
        exchange.render("officer-audit", values);
    }

    /** The records the filter matches, oldest first, one JSON object a line, with their chain links so that a copy can be checked. */
    private void export(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        Optional<AuditQuery> query = query(exchange, new HashMap<>());
        if (query.isEmpty()) {
            exchange.status(400);
            exchange.notice("This export cannot be made", List.of("A date or action in the address is not valid. Choose the filter on the "
                + "audit trail page and export from there."), Optional.of(Map.of("href", AUDIT, "label", "Go to the audit trail")));
            return;
        }
        // Recorded before the first byte leaves: an export that was not recorded never happened.
        vault.audit().append(AuditAction.AUDIT_EXPORT, officer.get(), null, describe(exchange));
        exchange.response().setContentType("application/x-ndjson; charset=UTF-8");
        exchange.response().setHeader("Content-Disposition", "attachment; filename=\"audit-trail.jsonl\"");
        OutputStream out = exchange.response().getOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            // One object a line, each ended by a line feed; the generator escapes every line break inside a value.
            json.setRootValueSeparator(null);
            vault.audit().each(query.get(), record -> {
                json.writeStartObject();
                json.writeNumberField("seq", record.seq());
                json.writeStringField("at", record.at().toString());
                json.writeStringField("action", record.action());
                json.writeStringField("actor", record.actor());
                json.writeStringField("subject", record.subjectId().orElse(null));
                json.writeStringField("detail", record.detail().orElse(null));
                json.writeStringField("prev_hash", record.previousHash());
                json.writeStringField("hash", record.hash());
                json.writeStringField("key", record.keyId().orElse(null));
                json.writeEndObject();
                json.writeRaw('\n');
            });
        }
    }

    /** The filter of the request as a query, with the form's values put back; empty (and an error put) when a value is not valid. */
    private static Optional<AuditQuery> query(Exchange exchange, Map<String, Object> values) {
        String actor = exchange.field("actor", 320);
        String action = exchange.field("action", 40);
        String subject = exchange.field("subject", 64);
        values.put("actor", actor);
        values.put("subject", subject);
        values.put("actions", Arrays.stream(AuditAction.values()).map(a -> Map.of("name", a.name(), "selected", a.name().equals(action)))
            .collect(Collectors.toList()));
        Optional<AuditAction> chosen = Arrays.stream(AuditAction.values()).filter(a -> a.name().equals(action)).findFirst();
        if (!action.isEmpty() && chosen.isEmpty()) {
            values.put("error", "There is no action " + action + ".");
            return Optional.empty();
        }
        return OfficerFilters.days(exchange, values).map(days -> AuditQuery.all().actor(Optional.of(actor)).action(chosen)
            .subject(Optional.of(subject)).between(Optional.ofNullable(days[0]), Optional.ofNullable(days[1])));
    }

    /** The filter as the officer's own audit record states it. */
    private static String describe(Exchange exchange) {
        return OfficerFilters.describe(exchange, List.of("actor", "action", "subject", "from", "to"));
    }

    private void putVerification(Exchange exchange, Map<String, Object> values) throws VaultException {
        Instant now = clock.instant();
        Checked checked = verification;
        if (checked == null || checked.at.plus(VERIFICATION_AGE).isBefore(now)) {
            checked = new Checked(vault.audit().verify(), now);
            verification = checked;
        }
        values.put("intact", checked.result.intact());
        values.put("chainRecords", checked.result.records());
        values.put("chainReason", checked.result.reason());
        values.put("checkedAt", exchange.when(checked.at));
    }
}
