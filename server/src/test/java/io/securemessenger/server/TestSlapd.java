package io.securemessenger.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP server for the tests: Debian's {@code slapd} ({@code apt-get install slapd};
 * {@code run-tests} installs it), run from a configuration of its own in a temporary directory,
 * listening for {@code ldaps://} and for {@code ldap://} (StartTLS, TLS required) on free loopback
 * ports with a certificate of the test CA, with
 * the directory loaded from an LDIF first ({@code slapadd}). The machine's own slapd, if any, is
 * not touched.
 */
final class TestSlapd implements AutoCloseable {
    static final String SUFFIX = "dc=hospital,dc=test";
    static final String ADMIN = "cn=admin," + SUFFIX;
    static final String ADMIN_PASSWORD = "directory-admin-secret";
    /** The service account the server binds as (the LDIF creates it): it may read entries, never passwords. */
    static final String READER = "cn=gateway,ou=services," + SUFFIX;
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");

    private final Path home;
    private final int port;
    private final int startTlsPort;
    private Process process;

    private TestSlapd(Path home, int port, int startTlsPort) {
        this.home = home;
        this.port = port;
        this.startTlsPort = startTlsPort;
    }

    /** Starts a directory holding {@code ldif} (entries below {@link #SUFFIX}); TLS with {@code keys}. */
    static TestSlapd start(Path home, KeyStore keys, String ldif) throws Exception {
        if (!Files.isExecutable(SLAPD)) {
            throw new IllegalStateException("OpenLDAP's slapd is needed: apt-get install slapd (./run-tests does it)");
        }
        Files.createDirectories(home.resolve("db"));
        Files.writeString(home.resolve("server.crt"), TestCertificates.pemText(keys.getCertificateChain("server")));
        Path key = Files.writeString(home.resolve("server.key"), TestCertificates.pemKey(keys));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(home.resolve("slapd.conf"), String.join("\n",
            "include /etc/ldap/schema/core.schema",
            "include /etc/ldap/schema/cosine.schema",
            "include /etc/ldap/schema/inetorgperson.schema",
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "pidfile " + home.resolve("slapd.pid"),
            "TLSCertificateFile " + home.resolve("server.crt"),
            "TLSCertificateKeyFile " + key,
            "database mdb",
            "maxsize 10485760",
            "suffix \"" + SUFFIX + "\"",
            "rootdn \"" + ADMIN + "\"",
            "rootpw " + ADMIN_PASSWORD,
            "directory " + home.resolve("db"),
            // Nothing without TLS: a client that skipped StartTLS on ldap:// cannot even bind.
            "security tls=1",
            // Users may check their own password (bind); only the admin reads everything.
            "access to attrs=userPassword by self =x by anonymous auth by * none",
            "access to * by dn.exact=\"" + READER + "\" read by * none",
            ""));
        Files.writeString(home.resolve("data.ldif"), ldif);
        run(List.of("/usr/sbin/slapadd", "-f", home.resolve("slapd.conf").toString(), "-l", home.resolve("data.ldif").toString()));
        TestSlapd slapd = new TestSlapd(home, TestServers.freePort(), TestServers.freePort());
        slapd.resume();
        return slapd;
    }

    /** {@code ldaps://localhost:port}, which the test certificate names. */
    String url() {
        return "ldaps://localhost:" + port;
    }

    /** {@code ldap://localhost:port}, where a client must StartTLS before anything else. */
    String startTlsUrl() {
        return "ldap://localhost:" + startTlsPort;
    }

    /** Stops the directory (the data stays): "the directory is down". */
    void pause() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts it again on the same port and data. */
    void resume() throws Exception {
        process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-f", home.resolve("slapd.conf").toString(),
            "-h", "ldaps://127.0.0.1:" + port + "/ ldap://127.0.0.1:" + startTlsPort + "/")
            .redirectErrorStream(true).redirectOutput(home.resolve("slapd.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("slapd did not start: " + Files.readString(home.resolve("slapd.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            pause();
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command.get(0) + " failed: " + output.strip());
        }
    }
}
