package io.securemessenger.wiring.audit;

import io.securemessenger.vault.audit.AuditRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every audit record, as it is committed, to a SIEM's syslog receiver: RFC 5424 messages
 * over TLS (RFC 5425: octet-counted frames), the receiver's certificate and host name verified. A
 * thread of its own sends them in order; while the receiver cannot be reached it retries, with a
 * growing pause, the record it holds, and up to {@value #CAPACITY} records wait. Beyond that the
 * newest are dropped and counted in the log (never their content): the trail in the vault stays
 * whole, and {@code GET /officer/audit} or the console's export fills any gap.
 *
 * <p>Each record: facility authpriv, severity notice; MSGID the action; structured data
 * {@code [audit@32473 seq actor subject hash key]}; MSG the record's detail.
 */
public final class SyslogForwarder implements AutoCloseable {
    static final int CAPACITY = 10_000;
    /** authpriv (10) * 8 + notice (5). */
    private static final int PRI = 85;
    private static final Logger LOGGER = LoggerFactory.getLogger(SyslogForwarder.class);

    private final String host;
    private final int port;
    private final SSLSocketFactory tls;
    private final String hostname;
    private final BlockingQueue<AuditRecord> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile SSLSocket socket;

    public SyslogForwarder(String host, int port, SSLSocketFactory tls, String hostname) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostname = hostname.isBlank() ? "-" : hostname.replaceAll("[^!-~]", "");
        this.sender = new Thread(this::run, "secure-messenger-audit-syslog");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Takes a committed record; never blocks the appender. */
    public void accept(AuditRecord record) {
        if (!waiting.offer(record)) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % 1000 == 0) {
                LOGGER.warn("The SIEM at {}:{} is behind: {} audit records not forwarded (the vault keeps them all)", host, port, count);
            }
        }
    }

    private void run() {
        Duration pause = Duration.ofSeconds(1);
        AuditRecord holding = null;
        while (running) {
            try {
                if (holding == null) {
                    holding = waiting.poll(1, TimeUnit.SECONDS);
                    if (holding == null) {
                        continue;
                    }
                }
                send(holding);
                holding = null;
                pause = Duration.ofSeconds(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOGGER.warn("The SIEM at {}:{} cannot be reached ({}): audit records wait, retried in {} s", host, port,
                    e.getClass().getSimpleName(), pause.toSeconds());
                closeSocket();
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : pause.multipliedBy(2);
            }
        }
    }

    private void send(AuditRecord record) throws IOException {
        if (socket == null) {
            SSLSocket opened = (SSLSocket) tls.createSocket();
            SSLParameters parameters = opened.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            opened.setSSLParameters(parameters);
            opened.connect(new InetSocketAddress(host, port), 10_000);
            opened.setSoTimeout(10_000);
            opened.startHandshake();
            socket = opened;
        }
        byte[] message = format(record, hostname).getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        out.flush();
    }

    /** The record as one RFC 5424 message. */
    static String format(AuditRecord record, String hostname) {
        StringBuilder sd = new StringBuilder("[audit@32473 seq=\"").append(record.seq()).append('"');
        param(sd, "actor", record.actor());
        record.subjectId().ifPresent(subject -> param(sd, "subject", subject));
        param(sd, "hash", record.hash());
        record.keyId().ifPresent(key -> param(sd, "key", key));
        sd.append(']');
        String msgId = record.action().replaceAll("[^!-~]", "");
        return "<" + PRI + ">1 " + record.at() + " " + hostname + " secure-messenger - " + (msgId.isEmpty() ? "-" : msgId) + " " + sd
            + record.detail().map(detail -> " " + detail.replaceAll("[\\r\\n]+", " ")).orElse("");
    }

    /** An SD-PARAM, its value escaped as RFC 5424 section 6.3.3 asks ({@code "}, {@code \} and {@code ]}). */
    private static void param(StringBuilder sd, String name, String value) {
        sd.append(' ').append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]")).append('"');
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closed already.
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        closeSocket();
    }
}
