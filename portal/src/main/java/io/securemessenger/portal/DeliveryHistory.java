package io.securemessenger.portal;

import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each recipient's copy of a sealed message and what happened to it, as Sent Items and the officer's console show it. */
final class DeliveryHistory {
    static final Map<DeliveryStatus, String> STATUS = Map.of(DeliveryStatus.QUEUED, "Notification queued",
        DeliveryStatus.NOTIFIED, "Notified", DeliveryStatus.DELAYED,
        "Notification delayed", DeliveryStatus.UNDELIVERABLE, "Undeliverable", DeliveryStatus.RETRIEVED, "Retrieved", DeliveryStatus.REPLIED,
        "Replied", DeliveryStatus.RECALLED, "Recalled", DeliveryStatus.EXPIRED, "Expired");

    private DeliveryHistory() {
    }

    /** A row per delivery: recipient, its events with their times, and whether it can still be recalled. */
    static List<Map<String, Object>> rows(Exchange exchange, List<Delivery> deliveries) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            List<String> events = new ArrayList<>();
            for (Delivery.Event event : delivery.history()) {
                events.add(STATUS.get(event.status()) + " " + exchange.when(event.at()));
            }
            Map<String, Object> row = new HashMap<>();
            row.put("messageId", delivery.messageId());
            row.put("deliveryId", delivery.id());
            row.put("recipient", delivery.recipient());
            row.put("events", events);
            row.put("recallable", recallable(delivery));
            rows.add(row);
        }
        return rows;
    }

    static boolean recallable(Delivery delivery) {
        return !delivery.reached(DeliveryStatus.RECALLED) && !delivery.reached(DeliveryStatus.EXPIRED);
    }

    /** The delivery's latest status, as a word. */
    static String current(Delivery delivery) {
        List<Delivery.Event> history = delivery.history();
        return history.isEmpty() ? "Created" : STATUS.get(history.get(history.size() - 1).status());
    }
}
