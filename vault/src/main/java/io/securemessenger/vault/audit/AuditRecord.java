package io.securemessenger.vault.audit;

import java.time.Instant;
import java.util.Optional;

/** One record of the audit trail as stored: what happened, who did it, to what, and its links in the chain. */
public final class AuditRecord {
    private final long seq;
    private final Instant at;
    private final String action;
    private final String actor;
    private final Optional<String> subjectId;
    private final Optional<String> detail;
    private final String previousHash;
    private final String hash;
    private final Optional<String> keyId;

    AuditRecord(long seq, Instant at, String action, String actor, String subjectId, String detail, String previousHash, String hash,
                String keyId) {
        this.seq = seq;
        this.at = at;
        this.action = action;
        this.actor = actor;
        this.subjectId = Optional.ofNullable(subjectId);
        this.detail = Optional.ofNullable(detail);
        this.previousHash = previousHash;
        this.hash = hash;
        this.keyId = Optional.ofNullable(keyId);
    }

    public long seq() {
        return seq;
    }

    public Instant at() {
        return at;
    }

    public String action() {
        return action;
    }

    public String actor() {
        return actor;
    }

    /** The message, delivery, key or address the record is about. */
    public Optional<String> subjectId() {
        return subjectId;
    }

    public Optional<String> detail() {
        return detail;
    }

    public String previousHash() {
        return previousHash;
    }

    /** The record's HMAC under its audit key (or plain hash, for records from before keys). */
    public String hash() {
        return hash;
    }

    /** The audit key the hash is under; empty for records from before keys. */
    public Optional<String> keyId() {
        return keyId;
    }
}
