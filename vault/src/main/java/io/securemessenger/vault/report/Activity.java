package io.securemessenger.vault.report;

/** What the officer's reports count, per day or week. */
public enum Activity {
    /** Messages sealed (their senders' originals; portal replies are counted as replied). */
    SEALED,
    /** Notifications the recipients' servers accepted. */
    NOTIFIED,
    /** Recipients who opened a message for the first time. */
    RETRIEVED,
    /** Recipients' copies created that day that nobody has opened yet. */
    UNREAD,
    /** Messages whose key and content were destroyed at expiry. */
    EXPIRED,
    /** Notifications that bounced. */
    UNDELIVERABLE,
    /** Replies written on the portal. */
    REPLIED,
    /** Copies withdrawn by their sender or an officer. */
    RECALLED
}
