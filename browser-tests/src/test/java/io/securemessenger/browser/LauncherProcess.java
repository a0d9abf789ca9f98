package io.securemessenger.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged launcher ({@code secure-messenger run}) in a process of its own, as an operator
 * starts it: the server jar and its classpath, the repository's james-conf/, free ports.
 */
final class LauncherProcess implements AutoCloseable {
    final int smtpPort = freePort();
    final int submissionPort = freePort();
    final int imapPort = freePort();
    final int webAdminPort = freePort();
    final int portalPort = freePort();
    final Path dataDir;
    final Path log;
    private final Process process;

    LauncherProcess(Path work, int outsidePort) throws IOException {
        this(work, outsidePort, List.of());
    }

    /** With {@code extra} flags after the usual ones (e.g. {@code --officers}). */
    LauncherProcess(Path work, int outsidePort, List<String> extra) throws IOException {
        this.dataDir = work.resolve("data");
        this.log = work.resolve("server.log");
        String classpath = System.getProperty("server.jar") + java.io.File.pathSeparator
            + Files.readString(Path.of(System.getProperty("server.classpath")), StandardCharsets.UTF_8).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
            "-Dlogback.configurationFile=" + Path.of(System.getProperty("james.conf"), "logback.xml"),
            "-cp", classpath, "io.securemessenger.server.SecureMessengerCli", "run",
            "--data-dir", dataDir.toString(), "--conf-dir", System.getProperty("james.conf"),
            "--smtp-port", String.valueOf(smtpPort), "--submission-port", String.valueOf(submissionPort),
            "--imap-port", String.valueOf(imapPort), "--webadmin-port", String.valueOf(webAdminPort),
            "--portal-port", String.valueOf(portalPort), "--local-domains", "hospital.test",
            "--relay-networks", "127.0.0.0/8", "--outbound-smarthost", "localhost:" + outsidePort,
            "--organisation", "Example Health"));
        command.addAll(extra);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the portal and SMTP answer; fails with the server's log if the process ends. */
    void awaitReady(Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server stopped:\n" + Files.readString(log));
            }
            if (Files.readString(log).contains("Secure Messenger is running") && listening(portalPort) && listening(smtpPort)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The server did not start in " + patience + ":\n" + Files.readString(log));
    }

    /** Adds one of the organisation's users through WebAdmin, as the README says. */
    void addUser(String address, String password) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + webAdminPort + "/users/" + address))
            .header("Content-Type", "application/json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("WebAdmin refused the user " + address + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A port free now and not handed out before in this JVM (the launcher refuses equal ports). */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (GIVEN.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
