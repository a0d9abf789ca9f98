package io.securemessenger.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The server's mail queues (ActiveMqQueueModule: James' embedded ActiveMQ broker, its KahaDB
 * journal on disk) when many mails wait for a retry: a mail ready now is taken at once however many
 * wait ahead of it, and WebAdmin's browse lists them all. With ActiveMQ's defaults a ready mail
 * behind 600 waiting ones was not taken for as long as they waited (JAMES-4192).
 */
class DelayedMailQueueTest {
    private static final int WAITING = 600;

    @TempDir
    Path dir;

    private Injector injector;
    private final ExecutorService taker = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        injector = injector();
    }

    private Injector injector() {
        FileSystem files = new FileSystemImpl(Configuration.builder().workingDirectory(dir.toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://conf/")).build().directories());
        return Guice.createInjector(new ActiveMqQueueModule(), binder -> {
            binder.bind(FileSystem.class).toInstance(files);
            binder.bind(MetricFactory.class).toInstance(new RecordingMetricFactory());
            binder.bind(GaugeRegistry.class).toInstance(new NoopGaugeRegistry());
            binder.bind(MailQueueItemDecoratorFactory.class).to(RawMailQueueItemDecoratorFactory.class);
        });
    }

    @AfterEach
    void stop() throws Exception {
        taker.shutdownNow();
        injector.getInstance(EmbeddedActiveMQ.class).stop();
    }

    private static void enqueue(MailQueue queue, String name, Duration delay) throws Exception {
        MailImpl mail = MailImpl.builder().name(name).sender("secure-messenger@hospital.test").addRecipient("patient@outside.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Secure message").setText("Open it on the portal").build()).build();
        try {
            queue.enQueue(mail, delay);
        } finally {
            mail.dispose();
        }
    }

    private ManageableMailQueue queue() {
        MailQueueFactory<? extends ManageableMailQueue> queues = injector.getInstance(
            Key.get(new TypeLiteral<MailQueueFactory<? extends ManageableMailQueue>>() { }));
        return queues.createQueue(MailQueueName.of("outgoing-notifications"));
    }

    private String takeOne(ManageableMailQueue queue) throws Exception {
        Future<String> taken = taker.submit(() -> {
            MailQueue.MailQueueItem item = Flux.from(queue.deQueue()).blockFirst();
            String name = item.getMail().getName();
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            org.apache.james.lifecycle.api.LifecycleUtil.dispose(item.getMail());
            return name;
        });
        // James' consumer waits 10 s per attempt: twice that is "at once" here, and far from the six hours.
        return taken.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aMailReadyNowShouldBeTakenAtOnceBehindHundredsWaitingForARetryAndBrowseShouldListThemAll() throws Exception {
        ManageableMailQueue queue = queue();
        for (int i = 0; i < WAITING; i++) {
            enqueue(queue, "waiting-" + i, Duration.ofHours(6));
        }
        enqueue(queue, "ready", Duration.ZERO);

        assertThat(takeOne(queue)).isEqualTo("ready");

        List<String> browsed = new ArrayList<>();
        ManageableMailQueue.MailQueueIterator items = queue.browse();
        try {
            items.forEachRemaining(item -> {
                browsed.add(item.getMail().getName());
                org.apache.james.lifecycle.api.LifecycleUtil.dispose(item.getMail());
            });
        } finally {
            items.close();
        }
        assertThat(browsed).hasSize(WAITING).doesNotContain("ready");
        assertThat(queue.getSize()).isEqualTo(WAITING);
    }

    @Test
    void soShouldItAfterARestartWhenTheWaitingMailsComeBackFromTheJournal() throws Exception {
        ManageableMailQueue before = queue();
        for (int i = 0; i < WAITING; i++) {
            enqueue(before, "waiting-" + i, Duration.ofHours(6));
        }
        before.close();
        injector.getInstance(EmbeddedActiveMQ.class).stop();

        injector = injector();
        ManageableMailQueue after = queue();
        enqueue(after, "ready", Duration.ZERO);

        assertThat(takeOne(after)).isEqualTo("ready");
        assertThat(after.getSize()).isEqualTo(WAITING);
    }
}
