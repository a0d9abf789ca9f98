package io.securemessenger.mailets;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFY=DELAY for the secure path. James' RemoteDelivery retries a notification it could not
 * hand over without telling any mailet, so this looks into the notifications' outgoing queue: a
 * notification that has failed at least once, whose sender asked for delay notices for that
 * recipient, gets its delivery marked {@link DeliveryStatus#DELAYED} (once) and a copy of it,
 * readdressed to the sealed message's sender, is sent to processor {@value #PROCESSOR}, whose
 * {@code DSNBounce} (action delayed) writes the DSN. Run by the retention schedule.
 */
public class DelayedNotificationReporter {
    /** The queue of {@code notification-delivery}'s RemoteDelivery. */
    public static final MailQueueName QUEUE = MailQueueName.of("outgoing-notifications");
    /** The processor that turns the copy into a delay DSN. */
    public static final String PROCESSOR = "notification-delayed";
    private static final AttributeName RETRIES = AttributeName.of("delivery_retry_count");
    private static final Logger LOGGER = LoggerFactory.getLogger(DelayedNotificationReporter.class);

    private final MailQueueFactory<? extends ManageableMailQueue> queues;
    private final Vault vault;
    private final MailetContext mailetContext;
    private final Clock clock;

    @Inject
    public DelayedNotificationReporter(MailQueueFactory<? extends ManageableMailQueue> queues, Vault vault, MailetContext mailetContext) {
        this(queues, vault, mailetContext, Clock.systemUTC());
    }

    DelayedNotificationReporter(MailQueueFactory<? extends ManageableMailQueue> queues, Vault vault, MailetContext mailetContext,
                                Clock clock) {
        this.queues = queues;
        this.vault = vault;
        this.mailetContext = mailetContext;
        this.clock = clock;
    }

    /** Reports the delays not reported yet; returns how many. */
    public int report() throws VaultException, MessagingException {
        Optional<? extends ManageableMailQueue> queue = queues.getQueue(QUEUE);
        if (queue.isEmpty()) {
            return 0;
        }
        int reported = 0;
        boolean viewsAreCopies = viewsAreCopies(queue.get());
        ManageableMailQueue.MailQueueIterator items = queue.get().browse();
        try {
            while (items.hasNext()) {
                ManageableMailQueue.MailQueueItemView item = items.next();
                try {
                    if (reportIfDelayed(item.getMail())) {
                        reported++;
                    }
                } finally {
                    if (viewsAreCopies) {
                        // Not the view: James 3.8.1's DefaultMailQueueItemView implements mime4j's
                        // Disposable, not James' own, so LifecycleUtil would pass it over.
                        LifecycleUtil.dispose(item.getMail());
                    }
                }
            }
        } finally {
            items.close();
        }
        return reported;
    }

    /**
     * Whether the queue's browse builds a mail of its own for each item (James' JMS and RabbitMQ
     * queues read each message back), which must then be disposed; without it James logs "Leak
     * detected" for every item of every pass. James' memory queue hands out the mails it holds:
     * disposing those would empty them.
     */
    static boolean viewsAreCopies(ManageableMailQueue queue) {
        return !queue.getClass().getName().startsWith("org.apache.james.queue.memory.");
    }

    private boolean reportIfDelayed(Mail notification) throws VaultException, MessagingException {
        Optional<String> deliveryId = AttributeUtils.getValueAndCastFromMail(notification, SealToVault.DELIVERY, String.class);
        int retries = AttributeUtils.getValueAndCastFromMail(notification, RETRIES, Integer.class).orElse(0);
        if (deliveryId.isEmpty() || retries < 1 || !delayRequested(notification)) {
            return false;
        }
        Optional<Delivery> delivery = vault.deliveries().find(deliveryId.get());
        if (delivery.isEmpty() || delivery.get().reached(DeliveryStatus.DELAYED) || delivery.get().reached(DeliveryStatus.UNDELIVERABLE)) {
            return false;
        }
        Optional<String> originalSender = AttributeUtils.getValueAndCastFromMail(notification, SealToVault.ORIGINAL_SENDER, String.class);
        vault.deliveries().record(delivery.get().id(), DeliveryStatus.DELAYED, clock.instant());
        if (originalSender.isPresent()) {
            MailImpl copy = MailImpl.duplicate(notification);
            try {
                copy.setSender(new MailAddress(originalSender.get()));
                copy.setErrorMessage(Optional.ofNullable(notification.getErrorMessage()).orElse("The recipient's mail server has not accepted it yet."));
                mailetContext.sendMail(copy, PROCESSOR);
            } catch (AddressException e) {
                throw new MessagingException("The sealed message's sender is not a mail address", e);
            } finally {
                copy.dispose();
            }
        }
        LOGGER.info("Notification for delivery {} is delayed after {} attempts; sender told", delivery.get().id(), retries + 1);
        return true;
    }

    private static boolean delayRequested(Mail notification) {
        return notification.dsnParameters()
            .flatMap(dsn -> notification.getRecipients().stream().findFirst().map(r -> dsn.getRcptParameters().get(r)))
            .flatMap(DsnParameters.RecipientDsnParameters::getNotifyParameter)
            .map(notify -> notify.contains(DsnParameters.Notify.DELAY))
            .orElse(false);
    }
}
