package io.securemessenger.vault.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit records to read: any combination of actor, action, subject (a message, delivery or
 * other id) and a time range (from inclusive, to exclusive); empty parts match everything.
 */
public final class AuditQuery {
    private final Optional<String> actor;
    private final Optional<AuditAction> action;
    private final Optional<String> subject;
    private final Optional<Instant> from;
    private final Optional<Instant> to;

    private AuditQuery(Optional<String> actor, Optional<AuditAction> action, Optional<String> subject, Optional<Instant> from,
                       Optional<Instant> to) {
        this.actor = actor;
        this.action = action;
        this.subject = subject;
        this.from = from;
        this.to = to;
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("the time range ends before it starts");
        }
    }

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Records whose actor is {@code actor} (compared in lower case: addresses are). */
    public AuditQuery actor(Optional<String> actor) {
        return new AuditQuery(actor.map(a -> a.strip().toLowerCase(java.util.Locale.ROOT)).filter(a -> !a.isEmpty()), action, subject, from, to);
    }

    public AuditQuery action(Optional<AuditAction> action) {
        return new AuditQuery(actor, action, subject, from, to);
    }

    public AuditQuery subject(Optional<String> subject) {
        return new AuditQuery(actor, action, subject.map(String::strip).filter(s -> !s.isEmpty()), from, to);
    }

    /** Records at or after {@code from} and before {@code to}. */
    public AuditQuery between(Optional<Instant> from, Optional<Instant> to) {
        return new AuditQuery(actor, action, subject, from, to);
    }

    public Optional<String> actor() {
        return actor;
    }

    public Optional<AuditAction> action() {
        return action;
    }

    public Optional<String> subject() {
        return subject;
    }

    public Optional<Instant> from() {
        return from;
    }

    public Optional<Instant> to() {
        return to;
    }
}
