package io.securemessenger.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a logger (and those below it) logs while a test runs, read as a snapshot: the server's
 * threads keep logging while the test reads, and iterating the appender's own list then fails with
 * a ConcurrentModificationException.
 */
final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLog(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    CapturedLog(Class<?> loggerOf) {
        this(loggerOf.getName());
    }

    /** The events so far. (Logback appends under the appender's lock.) */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
