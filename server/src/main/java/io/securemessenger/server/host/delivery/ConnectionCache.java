package io.securemessenger.server.host.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open SMTP connections to next hops, kept between deliveries as Postfix's connection cache keeps
 * them: after a message has been sent, {@link SMTPTransport} hands its connection back here instead
 * of ending it with QUIT, and the next delivery to the same hop with the same settings (TLS, identity
 * check, HELO name, user) sends its MAIL FROM on it, saving the TCP and TLS handshakes.
 *
 * <p>A connection is reused only while it is healthy: the server must answer NOOP with 250 before a
 * reuse (JavaMail's {@code isConnected}), it is closed with QUIT after {@link Limits#idle} without a
 * delivery, after {@link Limits#messages} messages (Exchange's receive connectors refuse more than
 * 20 per connection by default) and after {@link Limits#lifetime}. A delivery that fails in any way
 * never gives its connection back.
 *
 * <p>Thread-safe. One cache per JVM ({@link #SHARED}): JavaMail creates transports by reflection, so
 * there is no other place to hold it.
 */
public final class ConnectionCache {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionCache.class);

    public static final ConnectionCache SHARED = new ConnectionCache();

    /** When a connection stops being reused. */
    public static final class Limits {
        final int messages;
        final Duration idle;
        final Duration lifetime;

        public Limits(int messages, Duration idle, Duration lifetime) {
            this.messages = messages;
            this.idle = idle;
            this.lifetime = lifetime;
        }

        boolean reuse() {
            return messages > 1 && !idle.isZero() && !idle.isNegative();
        }
    }

    /** An open connection and what it has done. */
    static final class Connection {
        final com.sun.mail.smtp.SMTPTransport transport;
        final javax.mail.Session session;
        final Limits limits;
        final long opened;
        int messages;
        long idleSince;

        Connection(com.sun.mail.smtp.SMTPTransport transport, javax.mail.Session session, Limits limits, long opened) {
            this.transport = transport;
            this.session = session;
            this.limits = limits;
            this.opened = opened;
        }
    }

    private final Map<String, Deque<Connection>> idle = new HashMap<>();
    private ScheduledExecutorService reaper;

    private ConnectionCache() {
    }

    /** Wraps a transport just connected. */
    Connection opened(com.sun.mail.smtp.SMTPTransport transport, javax.mail.Session session, Limits limits) {
        return new Connection(transport, session, limits, System.nanoTime());
    }

    /** A healthy idle connection for {@code key}, or null; the caller owns it until {@link #giveBack}. */
    Connection take(String key) {
        while (true) {
            Connection connection;
            synchronized (this) {
                Deque<Connection> connections = idle.get(key);
                connection = connections == null ? null : connections.pollFirst();
            }
            if (connection == null) {
                return null;
            }
            if (!expired(connection, System.nanoTime()) && connection.transport.isConnected()) {
                return connection;
            }
            // isConnected has closed a connection that failed NOOP; close an expired one with QUIT.
            quit(connection);
        }
    }

    /** After a successful delivery: keeps the connection for the next, or ends it when it has done its share. */
    void giveBack(String key, Connection connection) {
        long now = System.nanoTime();
        if (connection.messages >= connection.limits.messages || pastLifetime(connection, now)) {
            quit(connection);
            return;
        }
        connection.idleSince = now;
        synchronized (this) {
            idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(connection);
            if (reaper == null) {
                reaper = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "smtp-connection-cache");
                    thread.setDaemon(true);
                    return thread;
                });
                reaper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Ends, with QUIT, every connection idle beyond its limit. */
    void closeIdle() {
        long now = System.nanoTime();
        List<Connection> ended = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Deque<Connection>> hops = idle.values().iterator(); hops.hasNext(); ) {
                Deque<Connection> connections = hops.next();
                connections.removeIf(c -> expired(c, now) && ended.add(c));
                if (connections.isEmpty()) {
                    hops.remove();
                }
            }
        }
        ended.forEach(ConnectionCache::quit);
    }

    /** Ends every idle connection with QUIT: when the server stops. */
    public void closeAll() {
        List<Connection> ended = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(ended::addAll);
            idle.clear();
        }
        ended.forEach(ConnectionCache::quit);
    }

    private static boolean expired(Connection connection, long now) {
        return now - connection.idleSince >= connection.limits.idle.toNanos() || pastLifetime(connection, now);
    }

    private static boolean pastLifetime(Connection connection, long now) {
        return now - connection.opened >= connection.limits.lifetime.toNanos();
    }

    static void quit(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOGGER.debug("QUIT on a cached SMTP connection failed: {}", SMTPTransport.reason(e));
        }
    }
}
