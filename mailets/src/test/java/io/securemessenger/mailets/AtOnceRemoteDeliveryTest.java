package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.transport.mailets.RemoteDelivery;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The attempt at once before the delivery queue, against a real SMTP server: what is delivered at
 * once never enters the queue and goes to its success processor; whatever is not (a server down, a
 * refused recipient, mail a mailet did not write, more than one recipient) is in the queue exactly as
 * RemoteDelivery would have put it, and a next hop that failed is not tried at once again for a while.
 */
class AtOnceRemoteDeliveryTest {
    private static final MailQueueName QUEUE = MailQueueName.of("outgoing-test");
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> successes = new CopyOnWriteArrayList<>();
    private final List<MailImpl> built = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private SMTPServer server;
    private int port;
    private MemoryMailQueueFactory queues;
    private ManageableMailQueue queue;

    @BeforeEach
    void setUp() throws IOException {
        port = freePort();
        queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
        queue = queues.createQueue(QUEUE);
    }

    @AfterEach
    void tearDown() throws Exception {
        stopServer();
        built.forEach(MailImpl::dispose);
        ManageableMailQueue.MailQueueIterator held = queue.browse();
        held.forEachRemaining(item -> LifecycleUtil.dispose(item.getMail()));
        held.close();
        queue.close();
    }

    private void startServer(String... refused) {
        Set<String> refusing = Set.of(refused);
        server = SMTPServer.port(port).hostName("localhost").bindAddress(InetAddress.getLoopbackAddress())
            .messageHandlerFactory(context -> new MessageHandler() {
                private String from;
                private final List<String> to = new ArrayList<>();

                @Override
                public void from(String sender) {
                    from = sender;
                }

                @Override
                public void recipient(String recipient) throws RejectException {
                    if (refusing.contains(recipient)) {
                        throw new RejectException(550, "5.1.1 mailbox unavailable");
                    }
                    if (recipient.startsWith("later@")) {
                        throw new RejectException(451, "4.2.0 try again later");
                    }
                    to.add(recipient);
                }

                @Override
                public String data(InputStream data) throws IOException {
                    data.readAllBytes();
                    to.forEach(recipient -> received.add(from + ">" + recipient));
                    return null;
                }

                @Override
                public void done() {
                }
            })
            .build();
        server.start();
    }

    private void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private AtOnceRemoteDelivery mailet(String... parameters) throws MessagingException {
        MailProcessor processor = mail -> successes.add(mail.getState() + ":" + mail.getName());
        AtOnceRemoteDelivery mailet = new AtOnceRemoteDelivery(new LoopbackDns(), null, queues, new RecordingMetricFactory(),
            () -> processor, RemoteDelivery.ThreadState.DO_NOT_START_THREADS, clock);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("AtOnceRemoteDelivery")
            .mailetContext(FakeMailContext.defaultContext())
            .setProperty("outgoing", QUEUE.asString())
            .setProperty("gateway", "localhost")
            .setProperty("gatewayPort", String.valueOf(port))
            .setProperty("heloName", "gateway.hospital.test")
            .setProperty("sendpartial", "true")
            .setProperty("onSuccess", "notification-sent");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    private MailImpl mail(String name, boolean writtenByAMailet, String... recipients) throws Exception {
        MailImpl.Builder builder = MailImpl.builder().name(name).sender("secure-messenger@hospital.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Secure message").setText("Open it on the portal").build());
        for (String recipient : recipients) {
            builder.addRecipient(recipient);
        }
        MailImpl mail = builder.build();
        if (writtenByAMailet) {
            mail.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
        }
        built.add(mail);
        return mail;
    }

    private List<String> queued() throws Exception {
        List<String> names = new ArrayList<>();
        ManageableMailQueue.MailQueueIterator items = queue.browse();
        items.forEachRemaining(item -> names.add(item.getMail().getName() + ">" + item.getMail().getRecipients()));
        items.close();
        return names;
    }

    @Test
    void aNotificationShouldBeDeliveredAtOnceRunItsSuccessProcessorAndNeverEnterTheQueue() throws Exception {
        startServer();
        MailImpl notification = mail("n1", true, "patient@outside.test");

        mailet().service(notification);

        assertThat(received).containsExactly("secure-messenger@hospital.test>patient@outside.test");
        assertThat(successes).containsExactly("notification-sent:n1");
        assertThat(notification.getState()).isEqualTo(Mail.GHOST);
        assertThat(notification.getAttribute(AtOnceRemoteDelivery.DELIVERED_AT_ONCE)).isPresent();
        assertThat(queued()).isEmpty();
    }

    @Test
    void whenTheServerIsDownTheMailShouldBeQueuedAndItsNextHopLeftAloneUntilTheBackoffHasPassed() throws Exception {
        AtOnceRemoteDelivery mailet = mailet("atOnceBackoff", "1 minute");
        MailImpl first = mail("n1", true, "patient@outside.test");

        mailet.service(first);

        assertThat(first.getAttribute(AtOnceRemoteDelivery.DELIVERED_AT_ONCE)).isEmpty();
        assertThat(first.getState()).isEqualTo(Mail.GHOST);
        assertThat(queued()).containsExactly("n1>[patient@outside.test]");

        // The server is back, but within the back-off the next mail for it is queued without an attempt.
        startServer();
        clock.advance(Duration.ofSeconds(59));
        mailet.service(mail("n2", true, "carer@outside.test"));
        assertThat(received).isEmpty();
        assertThat(queued()).containsExactly("n1>[patient@outside.test]", "n2>[carer@outside.test]");

        clock.advance(Duration.ofSeconds(2));
        mailet.service(mail("n3", true, "nurse@outside.test"));
        assertThat(received).containsExactly("secure-messenger@hospital.test>nurse@outside.test");
        assertThat(successes).containsExactly("notification-sent:n3");
        assertThat(queued()).hasSize(2);
    }

    @Test
    void aRefusedRecipientShouldBeQueuedForRemoteDeliveryToRetryOrBounceAndTheNextMailTriedAtOnce() throws Exception {
        startServer("gone@outside.test");
        AtOnceRemoteDelivery mailet = mailet();

        mailet.service(mail("n1", true, "gone@outside.test"));

        assertThat(received).isEmpty();
        assertThat(successes).isEmpty();
        assertThat(queued()).containsExactly("n1>[gone@outside.test]");

        // The server answered: its next mail is tried at once.
        mailet.service(mail("n2", true, "patient@outside.test"));
        assertThat(received).containsExactly("secure-messenger@hospital.test>patient@outside.test");
        assertThat(queued()).hasSize(1);
    }

    @Test
    void aDeferredRecipientShouldBeQueuedWithoutItsSuccessProcessorRunning() throws Exception {
        startServer();

        mailet().service(mail("n1", true, "later@outside.test"));

        assertThat(received).isEmpty();
        assertThat(successes).as("James' MailDelivrer runs onSuccess for the recipients a 4xx left delivered: none here").isEmpty();
        assertThat(queued()).containsExactly("n1>[later@outside.test]");
    }

    @Test
    void mailNoMailetWroteShouldBeQueuedUnlessEveryMailIsToBeTriedAtOnce() throws Exception {
        startServer();

        mailet().service(mail("from-smtp", false, "patient@outside.test"));
        assertThat(received).isEmpty();
        assertThat(queued()).containsExactly("from-smtp>[patient@outside.test]");

        mailet("atOnce", "all").service(mail("from-smtp-2", false, "carer@outside.test"));
        assertThat(received).containsExactly("secure-messenger@hospital.test>carer@outside.test");
    }

    @Test
    void mailForMoreThanOneRecipientOrWithAtOnceOffShouldBeQueued() throws Exception {
        startServer();

        mailet().service(mail("two", true, "patient@outside.test", "carer@outside.test"));
        mailet("atOnce", "none").service(mail("off", true, "nurse@outside.test"));

        assertThat(received).isEmpty();
        assertThat(queued()).containsExactlyInAnyOrder("two>[patient@outside.test, carer@outside.test]", "off>[nurse@outside.test]");
    }

    @Test
    void badParametersShouldStopTheStartSayingWhich() {
        assertThatThrownBy(() -> mailet("atOnce", "sometimes")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("atOnce must be generated, all or none, not 'sometimes'");
        assertThatThrownBy(() -> mailet("atOnceTimeout", "soon")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("atOnceTimeout must be a positive duration");
        assertThatThrownBy(() -> mailet("atOnceBackoff", "0 seconds")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("atOnceBackoff must be a positive duration");
    }

    /** Every name is the loopback address; there are no MX records (the tests use a gateway). */
    private static final class LoopbackDns implements DNSService {
        @Override
        public Collection<String> findMXRecords(String hostname) {
            return List.of();
        }

        @Override
        public Collection<String> findTXTRecords(String hostname) {
            return List.of();
        }

        @Override
        public Collection<InetAddress> getAllByName(String host) {
            return List.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public InetAddress getByName(String host) {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public InetAddress getLocalHost() throws UnknownHostException {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String getHostName(InetAddress addr) {
            return "localhost";
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
