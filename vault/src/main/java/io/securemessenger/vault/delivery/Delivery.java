package io.securemessenger.vault.delivery;

import java.time.Instant;
import java.util.List;

/** One recipient's delivery of a sealed message, with its history (oldest first). */
public final class Delivery {
    private final String id;
    private final String messageId;
    private final String recipient;
    private final Instant createdAt;
    private final List<Event> history;

    Delivery(String id, String messageId, String recipient, Instant createdAt, List<Event> history) {
        this.id = id;
        this.messageId = messageId;
        this.recipient = recipient;
        this.createdAt = createdAt;
        this.history = List.copyOf(history);
    }

    public String id() {
        return id;
    }

    public String messageId() {
        return messageId;
    }

    public String recipient() {
        return recipient;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<Event> history() {
        return history;
    }

    /** Whether the status was ever reached. */
    public boolean reached(DeliveryStatus status) {
        return history.stream().anyMatch(e -> e.status() == status);
    }

    /** A delivery read row by row: its events may come in any order; they are kept in the order they were recorded. */
    static final class Builder {
        private final String id;
        private final String messageId;
        private final String recipient;
        private final Instant createdAt;
        private final java.util.TreeMap<Integer, Event> events = new java.util.TreeMap<>();

        Builder(String id, String messageId, String recipient, Instant createdAt) {
            this.id = id;
            this.messageId = messageId;
            this.recipient = recipient;
            this.createdAt = createdAt;
        }

        void event(int seq, DeliveryStatus status, Instant at) {
            events.put(seq, new Event(status, at));
        }

        Delivery build() {
            return new Delivery(id, messageId, recipient, createdAt, new java.util.ArrayList<>(events.values()));
        }
    }

    /** A status change and when it happened. */
    public static final class Event {
        private final DeliveryStatus status;
        private final Instant at;

        Event(DeliveryStatus status, Instant at) {
            this.status = status;
            this.at = at;
        }

        public DeliveryStatus status() {
            return status;
        }

        public Instant at() {
            return at;
        }
    }
}
