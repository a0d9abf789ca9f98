package io.securemessenger.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The filters the officer's pages share: a range of days, and the filter as the officer's own audit record states it. */
final class OfficerFilters {
    private OfficerFilters() {
    }

    /**
     * The request's {@code from} and {@code to} days (both included, in the server's time zone) as the
     * start of the first and the start of the day after the last (either may be null: open); the form's
     * values are put back. Empty, with an error put, when a day is not valid or the range is backwards.
     */
    static Optional<Instant[]> days(Exchange exchange, Map<String, Object> values) {
        String from = exchange.field("from", 10);
        String to = exchange.field("to", 10);
        values.put("from", from);
        values.put("to", to);
        try {
            ZoneId zone = ZoneId.systemDefault();
            Instant start = from.isEmpty() ? null : LocalDate.parse(from).atStartOfDay(zone).toInstant();
            Instant end = to.isEmpty() ? null : LocalDate.parse(to).plusDays(1).atStartOfDay(zone).toInstant();
            if (start != null && end != null && !start.isBefore(end)) {
                values.put("error", "The last day comes before the first.");
                return Optional.empty();
            }
            return Optional.of(new Instant[] {start, end});
        } catch (DateTimeParseException e) {
            values.put("error", "A date must be written as year-month-day, for example 2026-12-07.");
            return Optional.empty();
        }
    }

    /** {@code name=value} for each of {@code names} the request gives, or "all". */
    static String describe(Exchange exchange, List<String> names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            String value = exchange.field(name, 320);
            if (!value.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(value);
            }
        }
        return text.length() == 0 ? "all" : text.toString();
    }
}
