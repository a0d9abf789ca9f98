package io.securemessenger.vault.report;

import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vault's activity counted per day (in the server's time zone) or per week (Monday to Sunday):
 * each {@link Activity}, from the messages' and deliveries' records, counted in the database.
 * Every day or week of the range is in the report, with zeros where nothing happened.
 */
public final class ActivityReport {
    /** The longest range a report covers. */
    public static final int MAX_DAYS = 366;

    private final VaultDatabase database;
    private final ZoneId zone;

    public ActivityReport(VaultDatabase database, ZoneId zone) {
        this.database = database;
        this.zone = zone;
    }

    /** One day's or week's counts. */
    public static final class Period {
        private final LocalDate start;
        private final Map<Activity, Long> counts;

        Period(LocalDate start, Map<Activity, Long> counts) {
            this.start = start;
            this.counts = counts;
        }

        /** The day, or the Monday of the week. */
        public LocalDate start() {
            return start;
        }

        public long count(Activity activity) {
            return counts.getOrDefault(activity, 0L);
        }
    }

    /** Each day from {@code first} to {@code last}, both included. */
    public List<Period> daily(LocalDate first, LocalDate last) throws VaultException {
        if (last.isBefore(first) || first.plusDays(MAX_DAYS).isBefore(last)) {
            throw new IllegalArgumentException("a report covers 1 to " + MAX_DAYS + " days, from its first day to its last");
        }
        Map<LocalDate, Map<Activity, Long>> days = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.put(day, new EnumMap<>(Activity.class));
        }
        Timestamp from = Timestamp.from(first.atStartOfDay(zone).toInstant());
        Timestamp to = Timestamp.from(last.plusDays(1).atStartOfDay(zone).toInstant());
        try (Connection connection = database.connection()) {
            count(connection, days, from, to, "SELECT CAST(sealed_at AS DATE), COUNT(*) FROM vault_message WHERE in_reply_to IS NULL"
                + " AND sealed_at >= ? AND sealed_at < ? GROUP BY CAST(sealed_at AS DATE)", Activity.SEALED);
            count(connection, days, from, to, "SELECT CAST(destroyed_at AS DATE), COUNT(*) FROM vault_message WHERE destroyed_at >= ?"
                + " AND destroyed_at < ? GROUP BY CAST(destroyed_at AS DATE)", Activity.EXPIRED);
            count(connection, days, from, to, "SELECT CAST(d.created_at AS DATE), COUNT(*) FROM vault_delivery d WHERE d.created_at >= ?"
                + " AND d.created_at < ? AND NOT EXISTS (SELECT 1 FROM vault_delivery_event e WHERE e.delivery_id = d.id"
                + " AND e.status = 'RETRIEVED') GROUP BY CAST(d.created_at AS DATE)", Activity.UNREAD);
            try (PreparedStatement select = connection.prepareStatement("SELECT CAST(occurred_at AS DATE), status, COUNT(*)"
                + " FROM vault_delivery_event WHERE occurred_at >= ? AND occurred_at < ? GROUP BY CAST(occurred_at AS DATE), status")) {
                select.setTimestamp(1, from);
                select.setTimestamp(2, to);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Activity activity = eventActivity(row.getString(2));
                        Map<Activity, Long> day = days.get(row.getDate(1).toLocalDate());
                        if (activity != null && day != null) {
                            day.merge(activity, row.getLong(3), Long::sum);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        }
        List<Period> periods = new ArrayList<>();
        days.forEach((day, counts) -> periods.add(new Period(day, counts)));
        return periods;
    }

    /** Each week (Monday to Sunday) that has a day from {@code first} to {@code last}; only those days are counted. */
    public List<Period> weekly(LocalDate first, LocalDate last) throws VaultException {
        Map<LocalDate, Map<Activity, Long>> weeks = new LinkedHashMap<>();
        for (Period day : daily(first, last)) {
            Map<Activity, Long> week = weeks.computeIfAbsent(day.start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                monday -> new EnumMap<>(Activity.class));
            day.counts.forEach((activity, count) -> week.merge(activity, count, Long::sum));
        }
        List<Period> periods = new ArrayList<>();
        weeks.forEach((monday, counts) -> periods.add(new Period(monday, counts)));
        return periods;
    }

    private static Activity eventActivity(String status) {
        switch (status) {
            case "NOTIFIED":
                return Activity.NOTIFIED;
            case "RETRIEVED":
                return Activity.RETRIEVED;
            case "UNDELIVERABLE":
                return Activity.UNDELIVERABLE;
            case "REPLIED":
                return Activity.REPLIED;
            case "RECALLED":
                return Activity.RECALLED;
            default:
                return null;
        }
    }

    private static void count(Connection connection, Map<LocalDate, Map<Activity, Long>> days, Timestamp from, Timestamp to, String sql,
                              Activity activity) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setTimestamp(1, from);
            select.setTimestamp(2, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Map<Activity, Long> day = days.get(row.getDate(1).toLocalDate());
                    if (day != null) {
                        day.merge(activity, row.getLong(2), Long::sum);
                    }
                }
            }
        }
    }
}
