package io.securemessenger.server.host;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * What happens to an error that reaches a reactive stream after it ended. Reactor's default logs it
 * at ERROR with its stack trace; when James stops, cancelling the spool's consumption interrupts
 * ActiveMQ's blocked receive, and every stop logged such a trace although nothing was wrong. An
 * interruption is logged at DEBUG; anything else once at WARN, with its class and message.
 */
public final class DroppedErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(DroppedErrors.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private DroppedErrors() {
    }

    /** Installs the hook for this JVM (once). */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrors::dropped);
        }
    }

    static void dropped(Throwable error) {
        if (isInterruption(error)) {
            LOGGER.debug("A stream was interrupted after it was cancelled (stopping): {}", error.toString());
        } else {
            LOGGER.warn("An error arrived after its stream had ended: {}", error.toString());
        }
    }

    static boolean isInterruption(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
