package io.securemessenger.benchmarks.smtp;

import io.securemessenger.benchmarks.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.InetAddress;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The gateway against the MTA it replaces, in one run on one machine: a Postfix relay (Debian's
 * {@code postfix}, an instance of its own started with {@code postfix -c DIR} on loopback) and the
 * gateway ({@code secure-messenger run} in a process of its own, embedded defaults) both relay to
 * the same sink, a local SMTP server that requires STARTTLS with a certificate both verify. Postfix's
 * own {@code smtp-source} drives each with the same load: 1, 4 and 16 parallel sessions (each reusing
 * its connection, as an Exchange hub does), plain mail and — for the gateway — sealed ({@code PHI:})
 * mail, whose end is the notification at the sink. Then single messages of 10 KB to 25 MB, with the
 * gateway process's resident memory. Prints messages per second accepted (smtp-source's wall time)
 * and end to end (until the sink has them all), each the median of {@link #ROUNDS} rounds in which
 * the three take turns, the ratios of those medians, the gateway's start-up time and the load
 * average before and after. Needs root (Postfix) and Postfix installed: {@code run-relay-comparison.sh}.
 */
public final class RelayComparisonHarness {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    /** Each cell is measured this many times by default, the targets taking turns; the report gives medians. */
    private static final int ROUNDS = 3;
    private final int rounds;
    /**
     * A clinician on the organisation's Exchange (a trusted domain), as most senders are: the sender's
     * confirmation of each sealed mail goes back over the internal route, here to the same sink.
     */
    private static final String SENDER = "sender@exchange.hospital.test";

    private final Path work;
    private final Map<String, AtomicInteger> arrived = new ConcurrentHashMap<>();
    private int batch;
    /** Sender's confirmations of sealed mail the sink has had so far. */
    private int confirmations;
    private GatewayProcess gateway;

    private RelayComparisonHarness(Path work, int rounds) {
        this.work = work;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 10_240;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : ROUNDS;
        // Postfix's daemons run as the postfix user: they must reach their directories and the sink's certificate.
        Path work = Files.createTempDirectory("relay-comparison",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        new RelayComparisonHarness(work, rounds).run(messages, bytes);
    }

    private void run(int messages, int bytes) throws Exception {
        String loadBefore = loadAverage();
        KeyStore sinkKeys = Peers.keyStore("localhost");
        Path sinkPem = Peers.pem(work.resolve("sink.pem"), sinkKeys);
        int sinkPort = Peers.freePort();
        SMTPServer sink = SMTPServer.port(sinkPort).hostName("localhost").bindAddress(InetAddress.getLoopbackAddress())
            .maxMessageSize(64 * 1024 * 1024)
            .enableTLS().requireTLS().startTlsSocketFactory(Peers.sslContext(sinkKeys))
            .messageHandler((context, from, to, data) -> arrived.computeIfAbsent(to.toLowerCase(Locale.ROOT), k -> new AtomicInteger())
                .incrementAndGet())
            .build();
        sink.start();
        Postfix postfix = Postfix.start(work.resolve("postfix"), Peers.freePort(), sinkPort, sinkPem);
        gateway = GatewayProcess.start(work.resolve("gateway"), sinkPort, sinkPem);
        try {
            List<String> rows = new ArrayList<>();
            // Warm-up: the vault's first keys, Postfix's caches, and the JIT, which compiles the paths of a
            // fresh JVM for its first minute or so: with 20 messages per target, compiler threads took a
            // third to half of the gateway's CPU during the measured cells (async-profiler), a cost a
            // server that runs for weeks pays once. One full cell per target at 16 sessions, then one at 1.
            for (Target target : Target.values()) {
                send(target, target.port(postfix, gateway), 16, messages, bytes);
                send(target, target.port(postfix, gateway), 1, 20, bytes);
            }
            int[] sessions = {1, 4, 16};
            int targetCount = Target.values().length;
            // [target][sessions][round]: the three targets take turns, round after round, so that a burst of
            // load from elsewhere on this shared machine falls on all of them alike; medians are reported.
            double[][][] acceptedRounds = new double[targetCount][sessions.length][rounds];
            double[][][] endToEndRounds = new double[targetCount][sessions.length][rounds];
            double[][][] cpuRounds = new double[targetCount][sessions.length][rounds];
            for (int s = 0; s < sessions.length; s++) {
                for (int round = 0; round < rounds; round++) {
                    for (Target target : Target.values()) {
                        Rate rate = send(target, target.port(postfix, gateway), sessions[s], messages, bytes);
                        acceptedRounds[target.ordinal()][s][round] = rate.accepted;
                        endToEndRounds[target.ordinal()][s][round] = rate.endToEnd;
                        cpuRounds[target.ordinal()][s][round] = rate.gatewayCpuMillis;
                    }
                }
            }
            double[][] accepted = new double[targetCount][sessions.length];
            double[][] endToEnd = new double[targetCount][sessions.length];
            double[][] cpu = new double[targetCount][sessions.length];
            for (int t = 0; t < targetCount; t++) {
                for (int s = 0; s < sessions.length; s++) {
                    accepted[t][s] = median(acceptedRounds[t][s]);
                    endToEnd[t][s] = median(endToEndRounds[t][s]);
                    cpu[t][s] = median(cpuRounds[t][s]);
                }
            }
            rows.add(String.format(Locale.ROOT, "%d messages of %d bytes per cell, smtp-source -d (one connection per session, reused);"
                + " median of %d rounds, the targets taking turns in each", messages, bytes, rounds));
            rows.add("| path, messages/s accepted / end to end | 1 session | 4 | 16 |");
            rows.add("|---|---|---|---|");
            for (Target target : Target.values()) {
                StringBuilder row = new StringBuilder("| " + target.label + " |");
                for (int s = 0; s < sessions.length; s++) {
                    row.append(String.format(Locale.ROOT, " %.1f / %.1f |", accepted[target.ordinal()][s], endToEnd[target.ordinal()][s]));
                }
                rows.add(row.toString());
            }
            int postfixRow = Target.POSTFIX.ordinal();
            int plainRow = Target.GATEWAY_PLAIN.ordinal();
            int sealedRow = Target.GATEWAY_SEALED.ordinal();
            StringBuilder vsPostfix = new StringBuilder("| gateway plain / Postfix, end to end |");
            StringBuilder sealedVsPlain = new StringBuilder("| gateway sealed / gateway plain, end to end |");
            for (int s = 0; s < sessions.length; s++) {
                vsPostfix.append(String.format(Locale.ROOT, " %.2f |", endToEnd[plainRow][s] / endToEnd[postfixRow][s]));
                sealedVsPlain.append(String.format(Locale.ROOT, " %.2f |", endToEnd[sealedRow][s] / endToEnd[plainRow][s]));
            }
            rows.add(vsPostfix.toString());
            rows.add(sealedVsPlain.toString());
            // The gateway's own CPU time per message, confirmations included: what the throughput of a
            // saturated machine follows, and far less disturbed by other load than a rate is.
            StringBuilder cpuRow = new StringBuilder("| gateway CPU per message, ms, plain / sealed |");
            for (int s = 0; s < sessions.length; s++) {
                cpuRow.append(String.format(Locale.ROOT, " %.1f / %.1f |", cpu[plainRow][s], cpu[sealedRow][s]));
            }
            rows.add(cpuRow.toString());
            StringBuilder cpuSpread = new StringBuilder("gateway CPU per message at 16 sessions, each round (ms):");
            for (Target target : new Target[] {Target.GATEWAY_PLAIN, Target.GATEWAY_SEALED}) {
                cpuSpread.append(' ').append(target.name().toLowerCase(Locale.ROOT)).append(' ');
                for (int round = 0; round < rounds; round++) {
                    cpuSpread.append(round == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", cpuRounds[target.ordinal()][2][round]));
                }
                cpuSpread.append(';');
            }
            StringBuilder spread = new StringBuilder("end to end at 16 sessions, each round (msg/s):");
            for (Target target : Target.values()) {
                spread.append(' ').append(target.name().toLowerCase(Locale.ROOT)).append(' ');
                for (int round = 0; round < rounds; round++) {
                    spread.append(round == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", endToEndRounds[target.ordinal()][2][round]));
                }
                spread.append(';');
            }
            rows.add("");
            rows.add(spread.substring(0, spread.length() - 1));
            rows.add(cpuSpread.substring(0, cpuSpread.length() - 1));
            List<String> targets = new ArrayList<>();
            double plainVsPostfix = endToEnd[plainRow][2] / endToEnd[postfixRow][2];
            double sealedVsPlain16 = endToEnd[sealedRow][2] / endToEnd[plainRow][2];
            targets.add(Targets.line("plain / Postfix, end to end, 16 sessions", ratio(plainVsPostfix), ">= 0.5", plainVsPostfix >= 0.5));
            targets.add(Targets.line("sealed / plain, end to end, 16 sessions", ratio(sealedVsPlain16), ">= 0.70", sealedVsPlain16 >= 0.70));
            targets.add(Targets.line("sealed, 1 -> 16 sessions", String.format(Locale.ROOT, "%.1f -> %.1f msg/s", endToEnd[sealedRow][0],
                endToEnd[sealedRow][2]), "rising", endToEnd[sealedRow][2] > endToEnd[sealedRow][0]));
            rows.add("");
            rows.add("| one message, seconds end to end | Postfix | gateway sealed | ratio | gateway RSS before -> peak (MB) | extra / size |");
            rows.add("|---|---|---|---|---|---|");
            for (int size : new int[] {10_240, 1 << 20, 10 << 20, 25 << 20}) {
                Rate pf = send(Target.POSTFIX, postfix.port, 1, 1, size);
                long before = gateway.residentKb();
                gateway.resetPeak();
                Rate sealed = send(Target.GATEWAY_SEALED, gateway.smtpPort, 1, 1, size);
                long peak = gateway.peakKb();
                double extra = (peak - before) * 1024.0 / size;
                double timeRatio = (1 / sealed.endToEnd) / (1 / pf.endToEnd);
                rows.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %d -> %d | %.2f |", human(size), 1 / pf.endToEnd,
                    1 / sealed.endToEnd, timeRatio, before / 1024, peak / 1024, extra));
                if (size == 25 << 20) {
                    targets.add(Targets.line("25 MB sealed, time / Postfix's", ratio(timeRatio), "<= 2", timeRatio <= 2));
                    targets.add(Targets.line("25 MB sealed, extra resident memory / size", ratio(extra), "<= 2", extra <= 2));
                }
            }
            rows.add("");
            double startup = gateway.startup.toMillis() / 1000.0;
            rows.add(String.format(Locale.ROOT, "gateway start-up (process start to every port answering): %.1f s", startup));
            targets.add(Targets.line("start-up of the embedded default to all ports answering", String.format(Locale.ROOT, "%.1f s", startup),
                "<= 15 s", startup <= 15));
            rows.add("load average before: " + loadBefore + "; after: " + loadAverage() + " (" + Runtime.getRuntime().availableProcessors()
                + " cores)");
            rows.add("");
            rows.addAll(targets);
            System.out.println();
            rows.forEach(System.out::println);
        } finally {
            gateway.stop();
            postfix.stop();
            sink.stop();
        }
    }

    enum Target {
        POSTFIX("Postfix relay, plain", ""),
        GATEWAY_PLAIN("gateway, plain outside mail", ""),
        GATEWAY_SEALED("gateway, sealed (PHI:), notification at the sink", "PHI: ");

        final String label;
        final String subjectPrefix;

        Target(String label, String subjectPrefix) {
            this.label = label;
            this.subjectPrefix = subjectPrefix;
        }

        int port(Postfix postfix, GatewayProcess gateway) {
            return this == POSTFIX ? postfix.port : gateway.smtpPort;
        }
    }

    static final class Rate {
        final double accepted;
        final double endToEnd;
        /** The gateway's CPU time per message (NaN for Postfix), until the sink had everything the messages cause. */
        final double gatewayCpuMillis;

        Rate(double accepted, double endToEnd, double gatewayCpuMillis) {
            this.accepted = accepted;
            this.endToEnd = endToEnd;
            this.gatewayCpuMillis = gatewayCpuMillis;
        }
    }

    /** smtp-source sends {@code messages} to a recipient of this batch; waits until the sink has as many for it. */
    private Rate send(Target target, int port, int sessions, int messages, int bytes) throws Exception {
        String recipient = "b" + (++batch) + "-" + target.name().toLowerCase(Locale.ROOT) + "@outside.test";
        List<String> command = List.of("/usr/sbin/smtp-source", "-d", "-s", String.valueOf(sessions), "-m", String.valueOf(messages),
            "-l", String.valueOf(bytes), "-f", SENDER, "-t", recipient, "-S", target.subjectPrefix + "Weekly update " + batch,
            "-M", "exchange.hospital.test", "127.0.0.1:" + port);
        long cpuBefore = gateway.cpuMillis();
        Instant start = Instant.now();
        Process source = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!source.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS) || source.exitValue() != 0) {
            throw new IllegalStateException("smtp-source against " + target + " failed: " + output);
        }
        double acceptedSeconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
        Instant deadline = start.plus(LIMIT);
        AtomicInteger count = arrived.computeIfAbsent(recipient, k -> new AtomicInteger());
        while (count.get() < messages) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(target + ": only " + count.get() + " of " + messages + " arrived within " + LIMIT);
            }
            Thread.sleep(10);
        }
        double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
        if (target == Target.GATEWAY_SEALED) {
            // The senders' confirmations, so that their delivery is this cell's work and not the next one's.
            confirmations += messages;
            AtomicInteger confirmed = arrived.computeIfAbsent(SENDER, k -> new AtomicInteger());
            while (confirmed.get() < confirmations) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + confirmed.get() + " of " + confirmations + " confirmations arrived");
                }
                Thread.sleep(10);
            }
        }
        double cpuMillis = target == Target.POSTFIX ? Double.NaN : (double) (gateway.cpuMillis() - cpuBefore) / messages;
        return new Rate(messages / acceptedSeconds, messages / seconds, cpuMillis);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String human(int bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** A Postfix instance of its own: its directory, loopback port, relay to the sink over verified STARTTLS. */
    static final class Postfix {
        final Path directory;
        final int port;

        private Postfix(Path directory, int port) {
            this.directory = directory;
            this.port = port;
        }

        static Postfix start(Path directory, int port, int sinkPort, Path sinkPem) throws Exception {
            Files.createDirectories(directory.resolve("queue"));
            Files.createDirectories(directory.resolve("data"));
            run(List.of("chown", "postfix", directory.resolve("data").toString()));
            Files.writeString(directory.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + directory.resolve("queue"),
                "data_directory = " + directory.resolve("data"),
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = relay.hospital.test",
                "mydestination =",
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "message_size_limit = 67108864",
                "relayhost = [localhost]:" + sinkPort,
                "smtp_host_lookup = native",
                "smtp_tls_security_level = verify",
                "smtp_tls_verify_cert_match = nexthop",
                "smtp_tls_CAfile = " + sinkPem,
                "maillog_file_prefixes = " + directory.getParent(),
                "maillog_file = " + directory.resolve("maillog"),
                ""));
            Files.writeString(directory.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + port + " inet n - n - - smtpd",
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "tlsmgr unix - - n 1000? 1 tlsmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "flush unix n - n 1000? 0 flush",
                "proxymap unix - - n - - proxymap",
                "smtp unix - - n - - smtp",
                "relay unix - - n - - smtp",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd",
                ""));
            run(List.of("/usr/sbin/postfix", "-c", directory.toString(), "start"));
            Peers.waitForPort(port, Duration.ofSeconds(30));
            return new Postfix(directory, port);
        }

        void stop() throws Exception {
            run(List.of("/usr/sbin/postfix", "-c", directory.toString(), "stop"));
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
