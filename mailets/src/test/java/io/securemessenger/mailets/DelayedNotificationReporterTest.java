package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay notices, read from James' own in-memory mail queue as RemoteDelivery leaves it between attempts. */
class DelayedNotificationReporterTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final MailAddress PATIENT = address("patient@outside.example");

    @TempDir
    Path dir;
    private Vault vault;
    private FakeMailContext context;
    private MemoryMailQueueFactory queues;
    private ManageableMailQueue queue;
    private DelayedNotificationReporter reporter;

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        context = FakeMailContext.defaultContext();
        queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
        queue = queues.createQueue(DelayedNotificationReporter.QUEUE);
        reporter = new DelayedNotificationReporter(queues, vault, context);
        vault.messages().seal("msg-1", "dr.grey@hospital.example", vault.keyRing(), NOW, NOW.plus(Duration.ofDays(30)),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)))));
    }

    @AfterEach
    void tearDown() throws Exception {
        built.forEach(MailImpl::dispose);
        // The memory queue holds copies of its own and never disposes them.
        ManageableMailQueue.MailQueueIterator held = queue.browse();
        held.forEachRemaining(item -> org.apache.james.lifecycle.api.LifecycleUtil.dispose(item.getMail()));
        held.close();
        queue.close();
        vault.close();
    }

    /** The mails a test queues (the queue keeps a copy), disposed after it. */
    private final List<MailImpl> built = new java.util.ArrayList<>();

    /** A notification as it waits in the queue after {@code attempts} failed attempts. */
    private String queueNotification(int attempts, DsnParameters.Notify... notify) throws Exception {
        String delivery = vault.deliveries().create("msg-1", PATIENT.asString(), NOW).deliveryId();
        MailImpl mail = MailImpl.builder().name("notice-" + delivery).sender("secure-messenger+b-00@hospital.example").addRecipient(PATIENT)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Secure message from Dr Grey").setText("link"))
            .addAttribute(new Attribute(SealToVault.DELIVERY, AttributeValue.of(delivery)))
            .addAttribute(new Attribute(SealToVault.ORIGINAL_SENDER, AttributeValue.of("dr.grey@hospital.example")))
            .build();
        if (notify.length > 0) {
            mail.setDsnParameters(DsnParameters.builder()
                .addRcptParameter(PATIENT, DsnParameters.RecipientDsnParameters.of(EnumSet.of(notify[0], notify)))
                .build().orElseThrow());
        }
        if (attempts > 0) {
            // As RemoteDelivery leaves it: the number of failed attempts, and the last error.
            mail.setAttribute(new Attribute(AttributeName.of("delivery_retry_count"), AttributeValue.of(attempts)));
            mail.setErrorMessage("451 4.2.0 try again later");
        }
        queue.enQueue(mail, Duration.ofMinutes(5));
        built.add(mail);
        return delivery;
    }

    @Test
    void aWaitingNotificationWhoseSenderAskedForDelayNoticesShouldBeReportedOnce() throws Exception {
        String delivery = queueNotification(2, DsnParameters.Notify.DELAY, DsnParameters.Notify.FAILURE);

        assertThat(reporter.report()).isEqualTo(1);
        assertThat(reporter.report()).as("once").isZero();

        assertThat(vault.deliveries().find(delivery).orElseThrow().reached(DeliveryStatus.DELAYED)).isTrue();
        assertThat(context.getSentMails()).singleElement().satisfies(copy -> {
            assertThat(copy.getState()).isEqualTo(DelayedNotificationReporter.PROCESSOR);
            assertThat(copy.getSender()).isEqualTo(address("dr.grey@hospital.example"));
            assertThat(copy.getRecipients()).containsExactly(PATIENT);
        });
        assertThat(queue.getSize()).as("the notification itself keeps waiting for its retry").isEqualTo(1);
    }

    @Test
    void nothingShouldBeReportedWithoutARequestOrBeforeAFailedAttempt() throws Exception {
        String unasked = queueNotification(2, DsnParameters.Notify.FAILURE);
        String noDsn = queueNotification(2);
        String fresh = queueNotification(0, DsnParameters.Notify.DELAY);

        assertThat(reporter.report()).isZero();
        assertThat(context.getSentMails()).isEmpty();
        for (String delivery : List.of(unasked, noDsn, fresh)) {
            assertThat(vault.deliveries().find(delivery).orElseThrow().reached(DeliveryStatus.DELAYED)).isFalse();
        }
    }

    @Test
    void theCopiesAQueueBuildsWhenBrowsedShouldBeDisposedAndTheQueuedMailKept() throws Exception {
        queueNotification(2, DsnParameters.Notify.DELAY);
        queueNotification(0, DsnParameters.Notify.DELAY);
        // As James' JMS queue browses: a mail of its own for each item, read back from the queue.
        List<Mail> copies = new java.util.ArrayList<>();
        ManageableMailQueue copying = (ManageableMailQueue) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ManageableMailQueue.class}, (proxy, method, args) -> {
                if (!method.getName().equals("browse")) {
                    return method.invoke(queue, args);
                }
                ManageableMailQueue.MailQueueIterator items = queue.browse();
                return new ManageableMailQueue.MailQueueIterator() {
                    @Override
                    public boolean hasNext() {
                        return items.hasNext();
                    }

                    @Override
                    public ManageableMailQueue.MailQueueItemView next() {
                        try {
                            MailImpl copy = MailImpl.duplicate(items.next().getMail());
                            copies.add(copy);
                            return new ManageableMailQueue.DefaultMailQueueItemView(copy);
                        } catch (javax.mail.MessagingException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public void close() {
                        items.close();
                    }
                };
            });
        org.apache.james.queue.api.MailQueueFactory<ManageableMailQueue> factory = new org.apache.james.queue.api.MailQueueFactory<>() {
            @Override
            public java.util.Optional<ManageableMailQueue> getQueue(org.apache.james.queue.api.MailQueueName name, org.apache.james.queue.api.MailQueueFactory.PrefetchCount count) {
                return java.util.Optional.of(copying);
            }

            @Override
            public ManageableMailQueue createQueue(org.apache.james.queue.api.MailQueueName name, org.apache.james.queue.api.MailQueueFactory.PrefetchCount count) {
                return copying;
            }

            @Override
            public java.util.Set<org.apache.james.queue.api.MailQueueName> listCreatedMailQueues() {
                return java.util.Set.of(DelayedNotificationReporter.QUEUE);
            }
        };

        assertThat(new DelayedNotificationReporter(factory, vault, context).report()).isEqualTo(1);

        assertThat(copies).hasSize(2).allSatisfy(copy -> assertThat(copy.getMessage()).as("disposed").isNull());
        assertThat(DelayedNotificationReporter.viewsAreCopies(queue)).as("the memory queue hands out its own mails").isFalse();
        assertThat(reporter.report()).as("reported once").isZero();
        assertThat(queue.browse().next().getMail().getMessage().getSubject()).as("queued mails untouched").isEqualTo("Secure message from Dr Grey");
    }
}
