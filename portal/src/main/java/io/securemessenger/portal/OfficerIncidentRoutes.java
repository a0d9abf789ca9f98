package io.securemessenger.portal;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.incident.DlpIncident;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The DLP incidents on the officer's console: every hit of a period with its time, sender, policy,
 * rule, place, masked sample and the action taken, and the counts by rule and by sender domain.
 * The search is audited.
 */
final class OfficerIncidentRoutes implements Routes {
    static final String INCIDENTS = "/officer/incidents";
    static final int SHOWN = 200;

    private final Vault vault;
    private final Access access;

    OfficerIncidentRoutes(Vault vault, Access access) {
        this.vault = vault;
        this.access = access;
    }

    @Override
    public void define(Router router) {
        router.get(INCIDENTS, this::incidents);
    }

    private void incidents(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        Map<String, Object> values = exchange.values("DLP incidents");
        Optional<Instant[]> days = OfficerFilters.days(exchange, values);
        if (days.isEmpty()) {
            exchange.status(400);
            exchange.render("officer-incidents", values);
            return;
        }
        Optional<Instant> from = Optional.ofNullable(days.get()[0]);
        Optional<Instant> to = Optional.ofNullable(days.get()[1]);
        vault.audit().append(AuditAction.INCIDENT_SEARCH, officer.get(), null, OfficerFilters.describe(exchange, List.of("from", "to")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DlpIncident incident : vault.incidents().between(from, to, SHOWN)) {
            Map<String, Object> row = new HashMap<>();
            row.put("at", exchange.when(incident.at()));
            row.put("sender", incident.sender().isEmpty() ? "(no sender)" : incident.sender());
            row.put("policy", incident.policy());
            row.put("rule", incident.rule());
            row.put("location", incident.location().name().toLowerCase(Locale.ROOT));
            row.put("matches", incident.matches());
            row.put("sample", incident.sample());
            row.put("action", incident.action());
            row.put("messageId", incident.messageId());
            // Only a sealed message has a page; a refused forward was never sealed.
            row.put("linked", incident.action().equals("sealed"));
            rows.add(row);
        }
        values.put("incidents", rows);
        values.put("none", rows.isEmpty());
        values.put("more", rows.size() == SHOWN);
        values.put("shown", SHOWN);
        values.put("byRule", counts(vault.incidents().countsByRule(from, to)));
        values.put("byDomain", counts(vault.incidents().countsBySenderDomain(from, to)));
        exchange.render("officer-incidents", values);
    }

    private static List<Map<String, Object>> counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> Map.<String, Object>of("name", e.getKey().isEmpty() ? "(no sender)" : e.getKey(),
            "count", e.getValue())).collect(Collectors.toList());
    }
}
