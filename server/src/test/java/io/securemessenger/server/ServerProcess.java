package io.securemessenger.server;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code secure-messenger run} in a process of its own, as an operator starts it (this module's
 * classes and the launcher classpath the build wrote to {@code target/classpath.txt}), on fixed
 * ports and one data directory, so it can be killed and started again on the same state.
 */
final class ServerProcess implements AutoCloseable {
    final Settings settings;
    private final Path work;
    private final Path trustStore;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    ServerProcess(Path work, Settings settings, Path trustStore) {
        this.work = work;
        this.settings = settings;
        this.trustStore = trustStore;
    }

    /** Starts the server and waits until SMTP answers; fails with the server's log if it stops. */
    void start(Duration patience) throws Exception {
        Path log = work.resolve("server-" + (logs.size() + 1) + ".log");
        logs.add(log);
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
            + Files.readString(Path.of("target", "classpath.txt"), StandardCharsets.UTF_8).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-Dlogback.configurationFile=" + settings.confDir().resolve("logback.xml").toAbsolutePath(),
            "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + new String(TestCertificates.PASSWORD),
            "-Djavax.net.ssl.trustStoreType=PKCS12",
            "-cp", classpath, "io.securemessenger.server.SecureMessengerCli", "run",
            "--data-dir", settings.dataDir().toString(), "--conf-dir", settings.confDir().toAbsolutePath().toString(),
            "--smtp-port", String.valueOf(settings.smtpPort()), "--submission-port", String.valueOf(settings.submissionPort()),
            "--imap-port", String.valueOf(settings.imapPort()), "--webadmin-port", String.valueOf(settings.webAdminPort()),
            "--portal-port", String.valueOf(settings.portalPort()), "--local-domains", String.join(",", settings.localDomains()),
            "--relay-networks", String.join(",", settings.relayNetworks()),
            "--outbound-smarthost", settings.outboundSmarthost().orElseThrow().toString()));
        settings.databaseUrl().ifPresent(url -> command.addAll(List.of("--database-url", url)));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server stopped:\n" + Files.readString(log));
            }
            if (Files.readString(log).contains("Secure Messenger is running") && listening(settings.smtpPort())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server did not start in " + patience + ":\n" + Files.readString(log));
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The output of every start, oldest first. */
    List<Path> logs() {
        return logs;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
