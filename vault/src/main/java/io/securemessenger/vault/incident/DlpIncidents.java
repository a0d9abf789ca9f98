package io.securemessenger.vault.incident;

import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DLP incidents: recorded once per message, rule and place; read newest first, and counted by rule and by sender domain. */
public final class DlpIncidents {
    private final VaultDatabase database;

    public DlpIncidents(VaultDatabase database) {
        this.database = database;
    }

    /** Records a message's incidents; those it recorded before (the same message processed again) are kept as they were. */
    public void record(List<DlpIncident> incidents) throws VaultException {
        for (DlpIncident incident : incidents) {
            try {
                database.update("INSERT INTO dlp_incident (message_id, rule_name, location, occurred_at, sender, sender_domain, policy, matches,"
                        + " sample, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", incident.messageId(), incident.rule(), incident.location().name(),
                    Timestamp.from(incident.at()), incident.sender(), incident.senderDomain(), incident.policy(), incident.matches(),
                    incident.sample(), incident.action());
            } catch (VaultException e) {
                if (!(e.getCause() instanceof SQLException) || !VaultDatabase.UNIQUE_VIOLATION.equals(((SQLException) e.getCause()).getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** Incidents at or after {@code from} and before {@code to} (either open), newest first, at most {@code limit}. */
    public List<DlpIncident> between(Optional<Instant> from, Optional<Instant> to, int limit) throws VaultException {
        List<DlpIncident> found = new ArrayList<>();
        Range range = new Range(from, to);
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(
            "SELECT message_id, occurred_at, sender, policy, rule_name, location, matches, sample, action FROM dlp_incident"
                + range.where() + " ORDER BY occurred_at DESC, message_id, rule_name, location")) {
            range.bind(select);
            select.setMaxRows(limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(new DlpIncident(row.getString(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4),
                        row.getString(5), DlpIncident.Location.valueOf(row.getString(6)), row.getInt(7), row.getString(8), row.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        }
        return found;
    }

    /** How many incidents each rule had in the range, most first. */
    public Map<String, Long> countsByRule(Optional<Instant> from, Optional<Instant> to) throws VaultException {
        return counts("rule_name", new Range(from, to));
    }

    /** How many incidents mail from each sender domain had in the range, most first. */
    public Map<String, Long> countsBySenderDomain(Optional<Instant> from, Optional<Instant> to) throws VaultException {
        return counts("sender_domain", new Range(from, to));
    }

    private Map<String, Long> counts(String column, Range range) throws VaultException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(
            "SELECT " + column + ", COUNT(*) FROM dlp_incident" + range.where() + " GROUP BY " + column + " ORDER BY COUNT(*) DESC, " + column)) {
            range.bind(select);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw VaultDatabase.unavailable(e);
        }
        return counts;
    }

    /** A time range as a WHERE clause on occurred_at and its values. */
    private static final class Range {
        private final Optional<Instant> from;
        private final Optional<Instant> to;

        Range(Optional<Instant> from, Optional<Instant> to) {
            this.from = from;
            this.to = to;
        }

        String where() {
            List<String> conditions = new ArrayList<>();
            from.ifPresent(f -> conditions.add("occurred_at >= ?"));
            to.ifPresent(t -> conditions.add("occurred_at < ?"));
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        void bind(PreparedStatement statement) throws SQLException {
            int i = 1;
            if (from.isPresent()) {
                statement.setTimestamp(i++, Timestamp.from(from.get()));
            }
            if (to.isPresent()) {
                statement.setTimestamp(i, Timestamp.from(to.get()));
            }
        }
    }
}
