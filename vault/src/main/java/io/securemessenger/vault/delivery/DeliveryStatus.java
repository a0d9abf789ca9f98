package io.securemessenger.vault.delivery;

/** What can happen to one recipient's delivery of a sealed message. */
public enum DeliveryStatus {
    /** The notification with the link was handed to the outgoing queue; its delivery has not been confirmed yet. */
    QUEUED,
    /** The recipient's mail server accepted the notification with the link. */
    NOTIFIED,
    /** Delivering the notification is taking long: its first attempts failed and it is being retried. */
    DELAYED,
    /** The notification bounced. */
    UNDELIVERABLE,
    /** The recipient opened the message for the first time. */
    RETRIEVED,
    /** The recipient replied. */
    REPLIED,
    /** The sender withdrew the message from this recipient. */
    RECALLED,
    /** The message expired. */
    EXPIRED
}
