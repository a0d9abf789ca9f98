package io.securemessenger.vault.audit;

import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Reads the audit trail as the officer's console and WebAdmin search and export it; {@link AuditLog} writes and verifies it. */
final class AuditTrailReader {
    private final VaultDatabase database;

    AuditTrailReader(VaultDatabase database) {
        this.database = database;
    }

    List<AuditRecord> search(AuditQuery query, int limit) throws VaultException {
        List<AuditRecord> found = new ArrayList<>();
        try {
            read(query, " ORDER BY seq DESC", limit, found::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    void each(AuditQuery query, AuditLog.RecordSink sink) throws VaultException, IOException {
        read(query, " ORDER BY seq", 0, sink);
    }

    private void read(AuditQuery query, String order, int limit, AuditLog.RecordSink sink) throws VaultException, IOException {
        StringBuilder sql = new StringBuilder(
            "SELECT seq, occurred_at, action, actor, subject_id, detail, prev_hash, hash, mac_key FROM vault_audit WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        query.actor().ifPresent(actor -> {
            sql.append(" AND LOWER(actor) = ?");
            values.add(actor);
        });
        query.action().ifPresent(action -> {
            sql.append(" AND action = ?");
            values.add(action.name());
        });
        query.subject().ifPresent(subject -> {
            sql.append(" AND subject_id = ?");
            values.add(subject);
        });
        query.from().ifPresent(from -> {
            sql.append(" AND occurred_at >= ?");
            values.add(Timestamp.from(from));
        });
        query.to().ifPresent(to -> {
            sql.append(" AND occurred_at < ?");
            values.add(Timestamp.from(to));
        });
        sql.append(order);
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            if (limit > 0) {
                select.setMaxRows(limit);
            } else {
                // Read in pages, not whole (PostgreSQL's driver pages only inside a transaction).
                connection.setAutoCommit(false);
                select.setFetchSize(500);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.accept(new AuditRecord(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new VaultException("Cannot read the audit trail: SQL state " + e.getSQLState(), e);
        }
    }
}
