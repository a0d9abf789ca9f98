package io.securemessenger.vault.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Which sealed messages to find: by sender, by a recipient, sealed in a time range (from inclusive,
 * to exclusive), and with a recipient whose delivery is now in a given status (its latest event:
 * NOTIFIED, RETRIEVED, UNDELIVERABLE, RECALLED...). Empty parts match every message.
 */
public final class MessageQuery {
    private final Optional<String> sender;
    private final Optional<String> recipient;
    private final Optional<Instant> from;
    private final Optional<Instant> to;
    private final Optional<String> status;

    private MessageQuery(Optional<String> sender, Optional<String> recipient, Optional<Instant> from, Optional<Instant> to,
                         Optional<String> status) {
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("the time range ends before it starts");
        }
        this.sender = sender;
        this.recipient = recipient;
        this.from = from;
        this.to = to;
        this.status = status;
    }

    public static MessageQuery all() {
        return new MessageQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public MessageQuery sender(Optional<String> sender) {
        return new MessageQuery(address(sender), recipient, from, to, status);
    }

    public MessageQuery recipient(Optional<String> recipient) {
        return new MessageQuery(sender, address(recipient), from, to, status);
    }

    /** Messages sealed at or after {@code from} and before {@code to}. */
    public MessageQuery sealedBetween(Optional<Instant> from, Optional<Instant> to) {
        return new MessageQuery(sender, recipient, from, to, status);
    }

    /** Messages with a recipient whose delivery's latest status is {@code status} (a DeliveryStatus name). */
    public MessageQuery status(Optional<String> status) {
        return new MessageQuery(sender, recipient, from, to, status);
    }

    private static Optional<String> address(Optional<String> address) {
        return address.map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty());
    }

    Optional<String> sender() {
        return sender;
    }

    Optional<String> recipient() {
        return recipient;
    }

    Optional<Instant> from() {
        return from;
    }

    Optional<Instant> to() {
        return to;
    }

    Optional<String> status() {
        return status;
    }
}
