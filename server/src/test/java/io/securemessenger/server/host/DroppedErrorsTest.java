package io.securemessenger.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import javax.jms.JMSException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/** Reactor's dropped errors, as James' spool produces one when it stops (an interrupted ActiveMQ receive). */
class DroppedErrorsTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void listen() {
        DroppedErrors.install();
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        root.detachAppender(log);
    }

    @Test
    void anInterruptionWhileStoppingShouldLogNoErrorAndNoStackTrace() {
        JMSException interrupted = new JMSException("java.lang.InterruptedException");
        interrupted.initCause(new InterruptedException());

        Operators.onErrorDropped(interrupted, Context.empty());

        assertThat(log.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).noneMatch(e -> e.getThrowableProxy() != null);
    }

    @Test
    void anyOtherDroppedErrorShouldBeOneWarningWithoutStackTrace() {
        Operators.onErrorDropped(new IllegalStateException("late"), Context.empty());

        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("IllegalStateException: late");
            assertThat(e.getThrowableProxy()).isNull();
        });
    }
}
