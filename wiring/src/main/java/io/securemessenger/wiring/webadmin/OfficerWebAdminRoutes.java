package io.securemessenger.wiring.webadmin;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditLog;
import io.securemessenger.vault.audit.AuditQuery;
import io.securemessenger.vault.audit.AuditRecord;
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
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public OfficerWebAdminRoutes(Vault vault) {
        this.vault = vault;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/audit", this::audit, json);
        service.get(BASE + "/audit/verification", this::verification, json);
        service.delete(BASE + "/second-factors/:address", this::resetSecondFactor);
    }

    private List<Map<String, Object>> audit(Request request, Response response) throws VaultException {
        AuditQuery query = query(request);
        int limit = limit(request.queryParams("limit"));
        vault.audit().append(AuditAction.AUDIT_SEARCH, ACTOR, null, describe(request));
        return vault.audit().search(query, limit).stream().map(OfficerWebAdminRoutes::asJson).collect(Collectors.toList());
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
    private static String describe(Request request) {
        String text = List.of("actor", "action", "subject", "from", "to", "limit").stream()
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
