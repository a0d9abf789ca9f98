package io.securemessenger.wiring.webadmin;

import io.securemessenger.portal.PolicyInForce;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditLog;
import io.securemessenger.vault.audit.AuditQuery;
import io.securemessenger.vault.audit.AuditRecord;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.MessageQuery;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The compliance officer's console as WebAdmin JSON, for scripts and a SIEM's collector (WebAdmin
 * listens on loopback and has no authentication of its own: whoever reaches it is an administrator):
 * <ul>
 *   <li>{@code GET /officer/audit}: audit records, newest first, filtered by {@code actor},
 *       {@code action}, {@code subject}, {@code from} and {@code to} (ISO-8601 instants, from
 *       inclusive, to exclusive), at most {@code limit} (100 by default, 1000 at most);</li>
 *   <li>{@code GET /officer/audit/verification}: the whole chain recomputed;</li>
 *   <li>{@code GET /officer/messages}: sealed messages, newest first, filtered by {@code sender},
 *       {@code recipient}, {@code from}, {@code to} (when sealed) and {@code status} (a recipient's
 *       current status), at most {@code limit}; {@code GET /officer/messages/{id}}: one, with each
 *       recipient's history; {@code POST /officer/messages/{id}/recall} (optionally
 *       {@code ?delivery=}): withdrawn from one recipient or all; {@code PUT /officer/messages/{id}/expiry}
 *       ({@code {"expiresAt":"…"}}): readable until then (within a year); {@code POST
 *       /officer/messages/{id}/resend?delivery=}: the recipient's notification sent again with a new link;</li>
 *   <li>{@code GET /officer/incidents}: the DLP incidents between {@code from} and {@code to}, newest
 *       first (at most {@code limit}), with their counts by rule and by sender domain;</li>
 *   <li>{@code GET /officer/reports?from=&to=&by=}: the activity per day or week ({@code from} and
 *       {@code to} are days, both included; the last two weeks by default);</li>
 *   <li>{@code GET /officer/policy}: the policy in force, its fingerprint and its last certification;</li>
 *   <li>{@code DELETE /officer/second-factors/{address}}: an officer's second factor and recovery
 *       codes forgotten (a lost phone); they enrol again at their next sign-in.</li>
 * </ul>
 * Each call is itself audited, with the actor {@code webadmin}.
 */
public class OfficerWebAdminRoutes implements Routes {
    static final String BASE = "/officer";
    static final String ACTOR = "webadmin";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Vault vault;
    private final PolicyInForce policy;
    private final io.securemessenger.portal.NotificationResender resender;
    private final JsonTransformer json = new JsonTransformer();
    private final com.fasterxml.jackson.databind.ObjectMapper bodies = new com.fasterxml.jackson.databind.ObjectMapper();

    @Inject
    public OfficerWebAdminRoutes(Vault vault, PolicyInForce policy, javax.inject.Provider<io.securemessenger.wiring.portal.OfficerNoticeMail> notices,
                                 io.securemessenger.wiring.SecureMessengerConfig config) {
        this.vault = vault;
        this.policy = policy;
        String portal = config.portalAddress();
        // WebAdmin builds its routes before James has configured its domains, which the mail templates need: the mail
        // side is asked for only when a notification is sent.
        io.securemessenger.portal.OfficerNotices lazy = new io.securemessenger.portal.OfficerNotices() {
            @Override
            public void resendNotification(String deliveryId, String recipient, String senderName, String senderAddress,
                                           Optional<String> subject, String link, Instant expires) throws Exception {
                notices.get().resendNotification(deliveryId, recipient, senderName, senderAddress, subject, link, expires);
            }

            @Override
            public void emergencyAccess(List<String> recipients, String officer, String messageId, String sender, Instant sealedAt,
                                        String reason, Instant openedAt) throws Exception {
                notices.get().emergencyAccess(recipients, officer, messageId, sender, sealedAt, reason, openedAt);
            }
        };
        this.resender = new io.securemessenger.portal.NotificationResender(vault, lazy,
            portal.endsWith("/") ? portal.substring(0, portal.length() - 1) : portal, java.time.Clock.systemUTC());
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/audit", this::audit, json);
        service.get(BASE + "/audit/verification", this::verification, json);
        service.get(BASE + "/messages", this::messages, json);
        service.get(BASE + "/messages/:id", this::message, json);
        service.post(BASE + "/messages/:id/recall", this::recall, json);
        service.put(BASE + "/messages/:id/expiry", this::expiry, json);
        service.post(BASE + "/messages/:id/resend", this::resend, json);
        service.get(BASE + "/incidents", this::incidents, json);
        service.get(BASE + "/policy", this::policy, json);
        service.get(BASE + "/reports", this::report, json);
        service.delete(BASE + "/second-factors/:address", this::resetSecondFactor);
    }

    private List<Map<String, Object>> audit(Request request, Response response) throws VaultException {
        AuditQuery query = query(request);
        int limit = limit(request.queryParams("limit"));
        vault.audit().append(AuditAction.AUDIT_SEARCH, ACTOR, null, describe(request, List.of("actor", "action", "subject", "from", "to", "limit")));
        return vault.audit().search(query, limit).stream().map(OfficerWebAdminRoutes::asJson).collect(Collectors.toList());
    }

    private List<Map<String, Object>> messages(Request request, Response response) throws VaultException {
        Optional<String> status = Optional.ofNullable(request.queryParams("status")).filter(v -> !v.isBlank());
        if (status.isPresent() && Arrays.stream(DeliveryStatus.values()).noneMatch(v -> v.name().equals(status.get()))) {
            throw badRequest("There is no status " + status.get() + "; statuses are " + Arrays.toString(DeliveryStatus.values()));
        }
        MessageQuery query;
        try {
            query = MessageQuery.all().sender(Optional.ofNullable(request.queryParams("sender")))
                .recipient(Optional.ofNullable(request.queryParams("recipient")))
                .sealedBetween(instant(request.queryParams("from")), instant(request.queryParams("to"))).status(status);
        } catch (DateTimeParseException e) {
            throw badRequest("from and to are ISO-8601 instants, such as 2026-12-07T00:00:00Z");
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        int limit = limit(request.queryParams("limit"));
        vault.audit().append(AuditAction.MESSAGE_SEARCH, ACTOR, null, describe(request, List.of("sender", "recipient", "from", "to", "status", "limit")));
        List<Map<String, Object>> found = new java.util.ArrayList<>();
        for (MessageRecords.Found message : vault.records().search(query, limit)) {
            found.add(asJson(message));
        }
        return found;
    }

    private Map<String, Object> message(Request request, Response response) throws VaultException {
        MessageRecords.Found found = vault.records().find(request.params("id")).orElseThrow(() -> notFound(request.params("id")));
        vault.audit().append(AuditAction.MESSAGE_LOOKUP, ACTOR, found.messageId(), null);
        return asJson(found);
    }

    private Map<String, Object> recall(Request request, Response response) throws VaultException {
        MessageRecords.Found found = vault.records().find(request.params("id")).orElseThrow(() -> notFound(request.params("id")));
        Optional<String> delivery = Optional.ofNullable(request.queryParams("delivery")).filter(d -> !d.isBlank());
        List<String> recalled = vault.recall(found.messageId(), delivery, ACTOR, "officer", Instant.now())
            .orElseThrow(() -> notFound(delivery.get()));
        return Map.of("recalled", recalled);
    }

    private Map<String, Object> expiry(Request request, Response response) throws VaultException {
        MessageRecords.Found found = vault.records().find(request.params("id")).orElseThrow(() -> notFound(request.params("id")));
        Instant expires;
        try {
            expires = Instant.parse(bodies.readTree(request.body()).path("expiresAt").asText(""));
        } catch (java.io.IOException | DateTimeParseException e) {
            throw badRequest("The body is {\"expiresAt\": an ISO-8601 instant, such as \"2027-01-31T00:00:00Z\"}");
        }
        Instant now = Instant.now();
        if (!expires.isAfter(now) || expires.isAfter(now.plus(java.time.Duration.ofDays(365)))) {
            throw badRequest("expiresAt must be in the future and within a year");
        }
        if (!vault.records().changeExpiry(found.messageId(), expires)) {
            throw ErrorResponder.builder().statusCode(409).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("%s was destroyed already", found.messageId()).haltError();
        }
        vault.audit().append(AuditAction.EXPIRY_CHANGE, ACTOR, found.messageId(), "from " + found.expiresAt() + " to " + expires);
        return Map.of("id", found.messageId(), "expiresAt", expires.toString());
    }

    private Map<String, Object> resend(Request request, Response response) throws Exception {
        MessageRecords.Found found = vault.records().find(request.params("id")).orElseThrow(() -> notFound(request.params("id")));
        String delivery = Optional.ofNullable(request.queryParams("delivery")).orElse("");
        switch (resender.resend(found, delivery, ACTOR)) {
            case NO_SUCH_DELIVERY:
                throw notFound(delivery);
            case NOTHING_TO_ANNOUNCE:
                throw ErrorResponder.builder().statusCode(409).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("%s was recalled or has expired: there is nothing to announce", delivery).haltError();
            default:
                return Map.of("resent", delivery);
        }
    }

    private static spark.HaltException notFound(String id) {
        return ErrorResponder.builder().statusCode(404).type(ErrorResponder.ErrorType.NOT_FOUND).message("%s is not known here", id).haltError();
    }

    /** A message with its recipients and each one's history; its subject stays sealed (the console shows it, withheld if flagged). */
    private Map<String, Object> asJson(MessageRecords.Found message) throws VaultException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.messageId());
        json.put("sender", message.sender());
        json.put("sealedAt", message.sealedAt().toString());
        json.put("expiresAt", message.expiresAt().toString());
        json.put("destroyedAt", message.destroyedAt().map(Instant::toString).orElse(null));
        json.put("inReplyTo", message.inReplyTo().orElse(null));
        List<Map<String, Object>> recipients = new java.util.ArrayList<>();
        for (Delivery delivery : vault.deliveries().forMessage(message.messageId())) {
            Map<String, Object> recipient = new LinkedHashMap<>();
            recipient.put("delivery", delivery.id());
            recipient.put("recipient", delivery.recipient());
            recipient.put("history", delivery.history().stream()
                .map(event -> Map.of("status", event.status().name(), "at", event.at().toString())).collect(Collectors.toList()));
            recipients.add(recipient);
        }
        json.put("recipients", recipients);
        return json;
    }

    private Map<String, Object> incidents(Request request, Response response) throws VaultException {
        Optional<Instant> from;
        Optional<Instant> to;
        try {
            from = instant(request.queryParams("from"));
            to = instant(request.queryParams("to"));
        } catch (DateTimeParseException e) {
            throw badRequest("from and to are ISO-8601 instants, such as 2026-12-07T00:00:00Z");
        }
        int limit = limit(request.queryParams("limit"));
        vault.audit().append(AuditAction.INCIDENT_SEARCH, ACTOR, null, describe(request, List.of("from", "to", "limit")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidents", vault.incidents().between(from, to, limit).stream().map(incident -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("at", incident.at().toString());
            json.put("message", incident.messageId());
            json.put("sender", incident.sender());
            json.put("policy", incident.policy());
            json.put("rule", incident.rule());
            json.put("location", incident.location().name().toLowerCase(java.util.Locale.ROOT));
            json.put("matches", incident.matches());
            json.put("sample", incident.sample());
            json.put("action", incident.action());
            return json;
        }).collect(Collectors.toList()));
        body.put("byRule", vault.incidents().countsByRule(from, to));
        body.put("bySenderDomain", vault.incidents().countsBySenderDomain(from, to));
        return body;
    }

    private List<Map<String, Object>> report(Request request, Response response) throws VaultException {
        String by = Optional.ofNullable(request.queryParams("by")).orElse("day");
        if (!by.equals("day") && !by.equals("week")) {
            throw badRequest("by is day or week");
        }
        java.time.LocalDate first;
        java.time.LocalDate last;
        try {
            last = Optional.ofNullable(request.queryParams("to")).filter(v -> !v.isBlank()).map(v -> java.time.LocalDate.parse(v.strip()))
                .orElse(java.time.LocalDate.now());
            first = Optional.ofNullable(request.queryParams("from")).filter(v -> !v.isBlank()).map(v -> java.time.LocalDate.parse(v.strip()))
                .orElse(last.minusDays(13));
        } catch (DateTimeParseException e) {
            throw badRequest("from and to are days, such as 2026-12-07");
        }
        List<io.securemessenger.vault.report.ActivityReport.Period> periods;
        try {
            periods = by.equals("week") ? vault.activity().weekly(first, last) : vault.activity().daily(first, last);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        vault.audit().append(AuditAction.REPORT_VIEW, ACTOR, null, "from=" + first + " to=" + last + " by=" + by);
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (io.securemessenger.vault.report.ActivityReport.Period period : periods) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(by, period.start().toString());
            for (io.securemessenger.vault.report.Activity activity : io.securemessenger.vault.report.Activity.values()) {
                row.put(activity.name().toLowerCase(java.util.Locale.ROOT), period.count(activity));
            }
            rows.add(row);
        }
        return rows;
    }

    private Map<String, Object> policy(Request request, Response response) throws VaultException {
        vault.audit().append(AuditAction.POLICY_VIEW, ACTOR, null, "sha256=" + policy.fingerprint());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fingerprint", policy.fingerprint());
        body.put("sections", policy.sections().stream().map(section -> Map.of("title", section.title(), "settings", section.settings().stream()
            .map(setting -> Map.of("name", setting.name(), "value", setting.value(), "source", setting.source())).collect(Collectors.toList())))
            .collect(Collectors.toList()));
        List<AuditRecord> certified = vault.audit().search(AuditQuery.all().action(Optional.of(AuditAction.CERTIFY)), 1);
        body.put("lastCertification", certified.isEmpty() ? null : Map.of("by", certified.get(0).actor(), "at", certified.get(0).at().toString(),
            "thisPolicy", certified.get(0).detail().filter(("sha256=" + policy.fingerprint())::equals).isPresent()));
        return body;
    }

    private Map<String, Object> verification(Request request, Response response) throws VaultException {
        AuditLog.Verification verification = vault.audit().verify();
        vault.audit().append(AuditAction.AUDIT_SEARCH, ACTOR, null, "verification");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intact", verification.intact());
        body.put("records", verification.records());
        body.put("firstBroken", verification.firstBroken().orElse(null));
        body.put("reason", verification.reason());
        return body;
    }

    private String resetSecondFactor(Request request, Response response) throws VaultException {
        String address = request.params("address").strip().toLowerCase(java.util.Locale.ROOT);
        if (!vault.officers().reset(address)) {
            throw ErrorResponder.builder().statusCode(404).type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("%s has no second factor", address).haltError();
        }
        vault.audit().append(AuditAction.SECOND_FACTOR_RESET, ACTOR, address, null);
        response.status(204);
        return "";
    }

    private static AuditQuery query(Request request) {
        Optional<String> action = Optional.ofNullable(request.queryParams("action")).filter(a -> !a.isBlank());
        Optional<AuditAction> chosen = action.flatMap(a -> Arrays.stream(AuditAction.values()).filter(v -> v.name().equals(a)).findFirst());
        if (action.isPresent() && chosen.isEmpty()) {
            throw badRequest("There is no action " + action.get() + "; actions are " + Arrays.toString(AuditAction.values()));
        }
        try {
            return AuditQuery.all()
                .actor(Optional.ofNullable(request.queryParams("actor")))
                .action(chosen)
                .subject(Optional.ofNullable(request.queryParams("subject")))
                .between(instant(request.queryParams("from")), instant(request.queryParams("to")));
        } catch (DateTimeParseException e) {
            throw badRequest("from and to are ISO-8601 instants, such as 2026-12-07T00:00:00Z");
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static Optional<Instant> instant(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(v -> Instant.parse(v.strip()));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw badRequest("limit is a number from 1 to " + MAX_LIMIT);
    }

    private static spark.HaltException badRequest(String message) {
        return ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(message).haltError();
    }

    /** The filter as the audit record of the call states it. */
    private static String describe(Request request, List<String> names) {
        String text = names.stream()
            .filter(name -> request.queryParams(name) != null && !request.queryParams(name).isBlank())
            .map(name -> name + "=" + request.queryParams(name).strip())
            .collect(Collectors.joining(" "));
        return text.isEmpty() ? "all" : text.substring(0, Math.min(text.length(), 1000));
    }

    private static Map<String, Object> asJson(AuditRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", record.seq());
        json.put("at", record.at().toString());
        json.put("action", record.action());
        json.put("actor", record.actor());
        json.put("subject", record.subjectId().orElse(null));
        json.put("detail", record.detail().orElse(null));
        json.put("prevHash", record.previousHash());
        json.put("hash", record.hash());
        json.put("key", record.keyId().orElse(null));
        return json;
    }
}
