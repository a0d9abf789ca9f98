package io.securemessenger.wiring;

import io.securemessenger.mailets.DelayedNotificationReporter;
import io.securemessenger.mailets.retention.RetentionSweeper;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure Messenger's work that no mail triggers, on one background thread: retention every
 * {@code retention.sweep} (the first within a minute of start-up), and, as often but at least every
 * minute, the delay notices of notifications that wait in the outgoing queue. A failing run is logged (ids and
 * counts only) and tried again at the next.
 */
@Singleton
public class BackgroundJobs {
    private static final Logger LOGGER = LoggerFactory.getLogger(BackgroundJobs.class);

    private final RetentionSweeper retention;
    private final DelayedNotificationReporter delays;
    private final SecureMessengerConfig config;
    private ScheduledExecutorService executor;

    @Inject
    public BackgroundJobs(RetentionSweeper retention, DelayedNotificationReporter delays, SecureMessengerConfig config) {
        this.retention = retention;
        this.delays = delays;
        this.config = config;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "secure-messenger-jobs");
            thread.setDaemon(true);
            return thread;
        });
        Duration interval = config.sweepInterval();
        Duration first = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
        executor.scheduleWithFixedDelay(this::sweepRetention, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::reportDelays, first.toMillis(), first.toMillis(), TimeUnit.MILLISECONDS);
        LOGGER.info("Retention: messages expire after {}, senders are warned {} before, checked every {}",
            config.retention(), config.expiryWarning(), interval);
    }

    @PreDestroy
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void sweepRetention() {
        try {
            retention.sweep(Clock.systemUTC().instant());
        } catch (VaultException | RuntimeException e) {
            LOGGER.warn("Retention sweep failed, it runs again in {}: {}", config.sweepInterval(), e.getMessage());
        }
    }

    private void reportDelays() {
        try {
            delays.report();
        } catch (VaultException | MessagingException | RuntimeException e) {
            LOGGER.warn("Checking for delayed notifications failed, it runs again in a minute: {}", e.getClass().getSimpleName());
        }
    }
}
