package io.securemessenger.vault.delivery;

import io.securemessenger.vault.store.VaultDatabase;
import io.securemessenger.vault.store.VaultException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deliveries of sealed messages: one per external recipient, each with its own link token, and
 * the history of its status. A token is looked up by its hash; a malformed one is refused before
 * the database is asked.
 */
public final class DeliveryStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Comparator<Delivery> OLDEST_FIRST = Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id);
    private static final Comparator<Delivery> NEWEST_FIRST = Comparator.comparing(Delivery::createdAt).reversed().thenComparing(Delivery::id);

    private final VaultDatabase database;

    public DeliveryStore(VaultDatabase database) {
        this.database = database;
    }

    /** A delivery just created, with the token for its link; the token is not kept anywhere else. */
    public static final class Created {
        private final String deliveryId;
        private final LinkToken token;

        Created(String deliveryId, LinkToken token) {
            this.deliveryId = deliveryId;
            this.token = token;
        }

        public String deliveryId() {
            return deliveryId;
        }

        public LinkToken token() {
            return token;
        }
    }

    public Created create(String messageId, String recipient, Instant at) throws VaultException {
        String id = opaqueId();
        LinkToken token = LinkToken.generate();
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO vault_delivery (id, message_id, recipient, recipient_key, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, messageId);
            insert.setString(3, recipient);
            insert.setString(4, recipientKey(recipient));
            insert.setString(5, LinkToken.hash(token.value()));
            insert.setTimestamp(6, Timestamp.from(at));
            insert.executeUpdate();
            return new Created(id, token);
        } catch (SQLException e) {
            throw new VaultException("Cannot create a delivery of message " + messageId + ": SQL state " + e.getSQLState(), e);
        }
    }

    /**
     * A new link for a delivery (its notification is sent again): the old link stops opening it.
     * Empty when there is no such delivery.
     */
    public Optional<LinkToken> renewToken(String deliveryId) throws VaultException {
        LinkToken token = LinkToken.generate();
        return database.update("UPDATE vault_delivery SET token_hash = ? WHERE id = ?", LinkToken.hash(token.value()), deliveryId) == 1
            ? Optional.of(token) : Optional.empty();
    }

    /** The delivery a link token opens, if any. */
    public Optional<Delivery> findByToken(String presented) throws VaultException {
        if (!LinkToken.wellFormed(presented)) {
            return Optional.empty();
        }
        return findWhere("token_hash = ?", LinkToken.hash(presented));
    }

    public Optional<Delivery> find(String deliveryId) throws VaultException {
        return findWhere("id = ?", deliveryId);
    }

    /** The deliveries addressed to {@code recipient} (compared in lower case), newest first. */
    public List<Delivery> forRecipient(String recipient) throws VaultException {
        return where("recipient_key = ?", recipientKey(recipient), NEWEST_FIRST);
    }

    /** An address as deliveries are looked up by it: without surrounding blanks, in lower case (indexed, unlike LOWER(recipient)). */
    private static String recipientKey(String recipient) {
        return recipient.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The deliveries of a message, in the order they were created. */
    public List<Delivery> forMessage(String messageId) throws VaultException {
        return where("message_id = ?", messageId, OLDEST_FIRST);
    }

    /**
     * The deliveries {@code condition} (on {@code vault_delivery}, one parameter) selects, each with its
     * history, in one statement: a delivery and its events joined, ordered here rather than by the
     * database (Derby sets up a sort for every ORDER BY). It was a query per delivery and another for
     * its events: two per portal view, and two per message in an inbox.
     */
    private List<Delivery> where(String condition, String value, Comparator<Delivery> order) throws VaultException {
        Map<String, Delivery.Builder> found = new LinkedHashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT d.id, d.message_id, d.recipient, d.created_at, e.seq, e.status, e.occurred_at FROM vault_delivery d"
                     + " LEFT JOIN vault_delivery_event e ON e.delivery_id = d.id WHERE d." + condition)) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    Delivery.Builder delivery = found.get(id);
                    if (delivery == null) {
                        delivery = new Delivery.Builder(id, rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant());
                        found.put(id, delivery);
                    }
                    String status = rows.getString(6);
                    if (status != null) {
                        delivery.event(rows.getInt(5), DeliveryStatus.valueOf(status), rows.getTimestamp(7).toInstant());
                    }
                }
            }
        } catch (SQLException e) {
            throw new VaultException("Cannot read deliveries: SQL state " + e.getSQLState(), e);
        }
        List<Delivery> deliveries = new ArrayList<>(found.size());
        found.values().forEach(builder -> deliveries.add(builder.build()));
        deliveries.sort(order);
        return deliveries;
    }

    /**
     * Removes a delivery that has no history yet — its notification, and so its link, never left —
     * so that a retry can make a new one. Returns false (and keeps it) when anything happened to it.
     */
    public boolean discardUnused(String deliveryId) throws VaultException {
        try {
            return VaultDatabase.retryingConflicts(() -> {
                try (Connection connection = database.connection();
                     PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM vault_delivery WHERE id = ? AND NOT EXISTS (SELECT 1 FROM vault_delivery_event e WHERE e.delivery_id = ?)")) {
                    delete.setString(1, deliveryId);
                    delete.setString(2, deliveryId);
                    return delete.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw new VaultException("Cannot discard delivery " + deliveryId + ": SQL state " + e.getSQLState(), e);
        }
    }

    /**
     * Appends a status to a delivery's history: one statement, which numbers the event after the
     * delivery's last (a select and an insert in a transaction were twice the work on the sealed
     * path). Two events of one delivery recorded at once may take the same number: the loser tries again.
     */
    public void record(String deliveryId, DeliveryStatus status, Instant at) throws VaultException {
        append(deliveryId, status, at, "INSERT INTO vault_delivery_event (delivery_id, seq, status, occurred_at)"
            + " SELECT CAST(? AS VARCHAR(64)), COALESCE(MAX(seq), -1) + 1, CAST(? AS VARCHAR(16)), CAST(? AS TIMESTAMP)"
            + " FROM vault_delivery_event WHERE delivery_id = ?", insert -> insert.setString(4, deliveryId));
    }

    /**
     * Records that a notification was handed to the mail system (QUEUED), unless its fate was
     * recorded first: the mail system may deliver it (NOTIFIED), defer it (DELAYED) or bounce it
     * (UNDELIVERABLE) before its caller gets here, and "queued" after that would be the delivery's
     * status, and false. {@code knownEvents}: how many events of the delivery's history the caller
     * read before the hand-over (0 for a delivery just created); only those after them count.
     * Returns whether QUEUED was recorded. One statement, as {@link #record}: an event recorded
     * after it is numbered after it.
     */
    public boolean recordQueued(String deliveryId, Instant at, int knownEvents) throws VaultException {
        return append(deliveryId, DeliveryStatus.QUEUED, at, "INSERT INTO vault_delivery_event (delivery_id, seq, status, occurred_at)"
            + " SELECT CAST(? AS VARCHAR(64)), n.next_seq, CAST(? AS VARCHAR(16)), CAST(? AS TIMESTAMP)"
            + " FROM (SELECT COALESCE(MAX(seq), -1) + 1 AS next_seq FROM vault_delivery_event WHERE delivery_id = ?) n"
            + " WHERE NOT EXISTS (SELECT 1 FROM vault_delivery_event o WHERE o.delivery_id = ? AND o.seq >= ? AND o.status IN (?, ?, ?))",
            insert -> {
                insert.setString(4, deliveryId);
                insert.setString(5, deliveryId);
                insert.setInt(6, knownEvents);
                insert.setString(7, DeliveryStatus.NOTIFIED.name());
                insert.setString(8, DeliveryStatus.DELAYED.name());
                insert.setString(9, DeliveryStatus.UNDELIVERABLE.name());
            });
    }

    private interface Binder {
        void bind(PreparedStatement insert) throws SQLException;
    }

    /** Runs an insert of one event whose first three parameters are the delivery, status and time; true when it inserted a row. */
    private boolean append(String deliveryId, DeliveryStatus status, Instant at, String sql, Binder rest) throws VaultException {
        try {
            return VaultDatabase.retryingConflicts(() -> {
                for (int attempt = 1; ; attempt++) {
                    try (Connection connection = database.connection(); PreparedStatement insert = connection.prepareStatement(sql)) {
                        insert.setString(1, deliveryId);
                        insert.setString(2, status.name());
                        insert.setTimestamp(3, Timestamp.from(at));
                        rest.bind(insert);
                        return insert.executeUpdate() == 1;
                    } catch (SQLException e) {
                        if (attempt >= 5 || !VaultDatabase.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw e;
                        }
                    }
                }
            });
        } catch (SQLException e) {
            throw new VaultException("Cannot record " + status + " for delivery " + deliveryId + ": SQL state " + e.getSQLState(), e);
        }
    }

    private Optional<Delivery> findWhere(String condition, String value) throws VaultException {
        return where(condition, value, OLDEST_FIRST).stream().findFirst();
    }

    /** 128 random bits, base64url: an id that reveals nothing and cannot be guessed. */
    static String opaqueId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
