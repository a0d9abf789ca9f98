package io.securemessenger.portal;

import io.securemessenger.portal.officer.ActivityChart;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.report.Activity;
import io.securemessenger.vault.report.ActivityReport;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The officer's activity report: per day or week, how many messages were sealed, notified,
 * retrieved, left unread, expired, undeliverable, replied to and recalled, as a table, a chart
 * drawn on the server, and a CSV download. Both are audited.
 */
final class OfficerReportRoutes implements Routes {
    static final String REPORTS = "/officer/reports";
    /** The days a report covers when none are chosen: the last two weeks. */
    static final int DEFAULT_DAYS = 14;
    private static final Map<Activity, String> LABELS = Map.of(Activity.SEALED, "Sealed", Activity.NOTIFIED, "Notified",
        Activity.RETRIEVED, "Retrieved", Activity.UNREAD, "Unread", Activity.EXPIRED, "Expired", Activity.UNDELIVERABLE, "Undeliverable",
        Activity.REPLIED, "Replied", Activity.RECALLED, "Recalled");

    private final Vault vault;
    private final Access access;
    private final Clock clock;

    OfficerReportRoutes(Vault vault, Access access, Clock clock) {
        this.vault = vault;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.get(REPORTS, this::page)
            .get(REPORTS + ".csv", this::csv);
    }

    /** The report the request asks for. */
    private static final class Request {
        final LocalDate first;
        final LocalDate last;
        final boolean weekly;

        Request(LocalDate first, LocalDate last, boolean weekly) {
            this.first = first;
            this.last = last;
            this.weekly = weekly;
        }

        String describe() {
            return "from=" + first + " to=" + last + " by=" + (weekly ? "week" : "day");
        }
    }

    private void page(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        Map<String, Object> values = exchange.values("Activity report");
        Optional<Request> request = request(exchange, values);
        if (request.isEmpty()) {
            exchange.status(400);
            exchange.render("officer-reports", values);
            return;
        }
        vault.audit().append(AuditAction.REPORT_VIEW, officer.get(), null, request.get().describe());
        List<ActivityReport.Period> periods = periods(request.get());
        values.put("legend", Arrays.stream(Activity.values()).map(a -> Map.of("label", LABELS.get(a), "colour", ActivityChart.colour(a),
            "dash", ActivityChart.dash(a))).collect(Collectors.toList()));
        values.put("headers", Arrays.stream(Activity.values()).map(LABELS::get).collect(Collectors.toList()));
        List<Map<String, Object>> rows = new ArrayList<>();
        long[] totals = new long[Activity.values().length];
        for (ActivityReport.Period period : periods) {
            List<Long> cells = new ArrayList<>();
            for (Activity activity : Activity.values()) {
                cells.add(period.count(activity));
                totals[activity.ordinal()] += period.count(activity);
            }
            Map<String, Object> row = new HashMap<>();
            row.put("period", label(period, request.get().weekly));
            row.put("cells", cells);
            rows.add(row);
        }
        values.put("rows", rows);
        values.put("totals", Arrays.stream(totals).boxed().collect(Collectors.toList()));
        String title = "Activity " + (request.get().weekly ? "per week" : "per day") + " from " + request.get().first + " to " + request.get().last;
        values.put("chartTitle", title);
        values.put("chart", ActivityChart.svg(periods, title));
        values.put("csvQuery", "?from=" + request.get().first + "&to=" + request.get().last + "&by=" + (request.get().weekly ? "week" : "day"));
        exchange.render("officer-reports", values);
    }

    private void csv(Exchange exchange) throws IOException, VaultException {
        Optional<String> officer = access.officer(exchange);
        if (officer.isEmpty()) {
            return;
        }
        Map<String, Object> values = new HashMap<>();
        Optional<Request> request = request(exchange, values);
        if (request.isEmpty()) {
            exchange.status(400);
            exchange.send("text/plain; charset=UTF-8", String.valueOf(values.get("error")) + "\n");
            return;
        }
        vault.audit().append(AuditAction.REPORT_EXPORT, officer.get(), null, request.get().describe());
        StringBuilder csv = new StringBuilder(request.get().weekly ? "week" : "day");
        for (Activity activity : Activity.values()) {
            csv.append(',').append(activity.name().toLowerCase(Locale.ROOT));
        }
        csv.append("\r\n");
        for (ActivityReport.Period period : periods(request.get())) {
            csv.append(period.start());
            for (Activity activity : Activity.values()) {
                csv.append(',').append(period.count(activity));
            }
            csv.append("\r\n");
        }
        exchange.response().setHeader("Content-Disposition", "attachment; filename=\"secure-messenger-activity-" + request.get().first + "-to-"
            + request.get().last + ".csv\"");
        exchange.send("text/csv; charset=UTF-8", csv.toString());
    }

    private List<ActivityReport.Period> periods(Request request) throws VaultException {
        return request.weekly ? vault.activity().weekly(request.first, request.last) : vault.activity().daily(request.first, request.last);
    }

    /** The days and grouping asked for (the last two weeks by day when none are given); empty, with an error put, when not valid. */
    private Optional<Request> request(Exchange exchange, Map<String, Object> values) {
        String from = exchange.field("from", 10);
        String to = exchange.field("to", 10);
        String by = exchange.field("by", 4);
        LocalDate today = clock.instant().atZone(ZoneId.systemDefault()).toLocalDate();
        try {
            LocalDate last = to.isEmpty() ? today : LocalDate.parse(to);
            LocalDate first = from.isEmpty() ? last.minusDays(DEFAULT_DAYS - 1) : LocalDate.parse(from);
            values.put("from", first.toString());
            values.put("to", last.toString());
            values.put("weekly", by.equals("week"));
            if (!by.isEmpty() && !by.equals("day") && !by.equals("week")) {
                values.put("error", "A report is per day or per week.");
                return Optional.empty();
            }
            if (last.isBefore(first) || first.plusDays(ActivityReport.MAX_DAYS).isBefore(last)) {
                values.put("error", "Choose a last day after the first, and at most " + ActivityReport.MAX_DAYS + " days.");
                return Optional.empty();
            }
            return Optional.of(new Request(first, last, by.equals("week")));
        } catch (DateTimeParseException e) {
            values.put("from", from);
            values.put("to", to);
            values.put("error", "A date must be written as year-month-day, for example 2026-12-07.");
            return Optional.empty();
        }
    }

    private static String label(ActivityReport.Period period, boolean weekly) {
        return weekly ? "Week of " + period.start() : period.start().getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)
            + " " + period.start();
    }
}
