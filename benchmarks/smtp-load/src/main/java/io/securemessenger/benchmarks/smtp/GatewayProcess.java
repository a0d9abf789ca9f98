package io.securemessenger.benchmarks.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code secure-messenger run} in a process of its own, on free ports, the sink as outbound smarthost. */
final class GatewayProcess {
    final Process process;
    final int smtpPort;
    final int webAdminPort;
    final Duration startup;

    private GatewayProcess(Process process, int smtpPort, int webAdminPort, Duration startup) {
        this.process = process;
        this.smtpPort = smtpPort;
        this.webAdminPort = webAdminPort;
        this.startup = startup;
    }

    static GatewayProcess start(Path home, int sinkPort, Path sinkPem) throws Exception {
        int smtp = Peers.freePort();
        int submission = Peers.freePort();
        int imap = Peers.freePort();
        int webAdmin = Peers.freePort();
        int portal = Peers.freePort();
        Path conf = Path.of("james-conf").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // e.g. SM_GATEWAY_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/gateway.jfr" for a profile of the gateway's side.
        String extra = System.getenv().getOrDefault("SM_GATEWAY_JVM_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-Dlogback.configurationFile=" + conf.resolve("logback.xml"), "-cp", System.getProperty("java.class.path"),
            "io.securemessenger.server.SecureMessengerCli", "run", "--data-dir", home.resolve("data").toString(),
            "--conf-dir", conf.toString(), "--smtp-port", String.valueOf(smtp), "--submission-port", String.valueOf(submission),
            "--imap-port", String.valueOf(imap), "--webadmin-port", String.valueOf(webAdmin), "--portal-port", String.valueOf(portal),
            "--local-domains", "hospital.test", "--relay-networks", "127.0.0.0/8", "--outbound-smarthost", "localhost:" + sinkPort,
            "--trusted-domains", "exchange.hospital.test", "--internal-smarthost", "localhost:" + sinkPort,
            "--trust-store", sinkPem.toString(), "--max-message-size", "60M"));
        Files.createDirectories(home);
        Instant begin = Instant.now();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch running = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.contains("Secure Messenger is running")) {
                        running.countDown();
                    }
                    Files.writeString(home.resolve("gateway.log"), line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "gateway-output");
        reader.setDaemon(true);
        reader.start();
        if (!running.await(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway did not start; see " + home.resolve("gateway.log"));
        }
        for (int port : new int[] {smtp, submission, imap, webAdmin, portal}) {
            Peers.waitForPort(port, Duration.ofMinutes(1));
        }
        return new GatewayProcess(process, smtp, webAdmin, Duration.between(begin, Instant.now()));
    }

    /** The CPU time the process has used, user and system, in milliseconds (Linux {@code /proc/PID/stat}, ticks of 10 ms). */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // The fields after the command name, which is in parentheses and may contain spaces: utime and stime are the 12th and 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** The process's resident set now, in KB. */
    long residentKb() throws IOException {
        return status("VmRSS:");
    }

    /** The highest resident set since {@link #resetPeak}, in KB. */
    long peakKb() throws IOException {
        return status("VmHWM:");
    }

    /** Resets the kernel's high-water mark of the resident set (Linux {@code clear_refs} 5). */
    void resetPeak() throws IOException {
        Files.writeString(Path.of("/proc", String.valueOf(process.pid()), "clear_refs"), "5");
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IOException(field + " not in /proc/" + process.pid() + "/status");
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
