package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.wiring.audit.SyslogForwarder;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail forwarded live to a SIEM's syslog receiver: Debian's rsyslog, listening over TLS
 * (gtls driver) with a certificate of the organisation's CA, writing what it receives as RFC 5424.
 * Each record arrives in order with its chain hash; a receiver that is down gets the records once
 * it is back; one whose certificate is not trusted gets nothing.
 */
class AuditSyslogForwardingTest {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    @TempDir
    Path dir;
    private Vault vault;
    private Process rsyslog;
    private int port;
    private TestCertificates.Authority ca;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(RSYSLOGD)) {
            throw new IllegalStateException("The syslog forwarding test needs Debian's rsyslog and rsyslog-gnutls: run ./run-tests "
                + "(as root it installs them), or apt-get install rsyslog rsyslog-gnutls");
        }
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        ca = TestCertificates.authority("Hospital Test Root CA");
        KeyStore keys = TestCertificates.issuedBy(ca, "localhost");
        String alias = keys.aliases().nextElement();
        TestCertificates.pem(dir.resolve("ca.pem"), ca.certificate);
        TestCertificates.pem(dir.resolve("server.pem"), keys.getCertificate(alias));
        Files.writeString(dir.resolve("server.key"), TestCertificates.pemKey(keys));
        port = TestServers.freePort();
        Files.writeString(dir.resolve("rsyslog.conf"), String.join("\n",
            "global(workDirectory=\"" + dir + "\" DefaultNetstreamDriverCAFile=\"" + dir.resolve("ca.pem") + "\"",
            "  DefaultNetstreamDriverCertFile=\"" + dir.resolve("server.pem") + "\" DefaultNetstreamDriverKeyFile=\"" + dir.resolve("server.key") + "\")",
            "module(load=\"imtcp\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"anon\")",
            "input(type=\"imtcp\" port=\"" + port + "\")",
            "*.* action(type=\"omfile\" file=\"" + dir.resolve("received.log") + "\" template=\"RSYSLOG_SyslogProtocol23Format\")", ""));
        startRsyslog();
    }

    private void startRsyslog() throws Exception {
        rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", dir.resolve("rsyslog.conf").toString(), "-i", dir.resolve("rsyslogd.pid").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!rsyslog.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("rsyslogd did not start: " + Files.readString(dir.resolve("rsyslogd.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    private void stopRsyslog() throws Exception {
        rsyslog.destroy();
        rsyslog.waitFor();
        Files.deleteIfExists(dir.resolve("rsyslogd.pid"));
    }

    @AfterEach
    void stop() throws Exception {
        if (rsyslog != null) {
            stopRsyslog();
        }
        if (vault != null) {
            vault.close();
        }
    }

    private SSLContext trusting(java.security.cert.X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private List<String> received() throws IOException {
        Path file = dir.resolve("received.log");
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void everyRecordShouldReachTheReceiverInOrderAsRfc5424EvenAfterItWasDown() throws Exception {
        try (SyslogForwarder forwarder = new SyslogForwarder("localhost", port, trusting(ca.certificate).getSocketFactory(), "gw1")) {
            vault.audit().addListener(forwarder::accept);
            vault.audit().append(AuditAction.SEAL, "dr.grey@hospital.example", "msg-1", "parts=2 recipients=1");
            vault.audit().append(AuditAction.VIEW, "patient@outside.example", "dlv-1", null);
            vault.audit().append(AuditAction.EMERGENCY_ACCESS, "officer@hospital.example", "msg-1", "reason: \"urgent\" [ER]\nnow");

            await().atMost(Duration.ofSeconds(20)).until(() -> received().size() == 3);
            List<String> lines = received();
            assertThat(lines.get(0)).startsWith("<85>1 ").contains(" gw1 secure-messenger - SEAL [audit@32473 seq=\"1\" actor=\"dr.grey@hospital.example\" subject=\"msg-1\" hash=\"")
                .endsWith("parts=2 recipients=1");
            assertThat(lines.get(1)).contains(" VIEW [audit@32473 seq=\"2\" actor=\"patient@outside.example\" subject=\"dlv-1\"");
            assertThat(lines.get(2)).contains(" EMERGENCY_ACCESS [audit@32473 seq=\"3\"").endsWith("reason: \"urgent\" [ER] now");
            String hash = vault.audit().search(io.securemessenger.vault.audit.AuditQuery.all(), 1).get(0).hash();
            assertThat(lines.get(2)).contains("hash=\"" + hash + "\"");

            // The receiver goes down: what is appended meanwhile arrives once it is back.
            stopRsyslog();
            vault.audit().append(AuditAction.RECALL, "dr.grey@hospital.example", "dlv-1", null);
            Thread.sleep(1500);
            startRsyslog();
            await().atMost(Duration.ofSeconds(60)).until(() -> received().stream().anyMatch(line -> line.contains(" RECALL [audit@32473 seq=\"4\"")));
        }
    }

    @Test
    void aReceiverWhoseCertificateIsNotTrustedShouldGetNothing() throws Exception {
        TestCertificates.Authority other = TestCertificates.authority("Some Other CA");
        try (SyslogForwarder forwarder = new SyslogForwarder("localhost", port, trusting(other.certificate).getSocketFactory(), "gw1")) {
            vault.audit().addListener(forwarder::accept);
            vault.audit().append(AuditAction.SEAL, "dr.grey@hospital.example", "msg-1", "parts=2 recipients=1");
            Thread.sleep(3000);
            assertThat(received()).isEmpty();
        }
    }

    @Test
    void theServerStartedWithAuditSyslogShouldForwardWhatItRecords() throws Exception {
        Path caPem = dir.resolve("ca.pem");
        HospitalServer hospital = HospitalServer.start("syslog", (settings, outsidePort) -> settings
            .auditSyslog(java.util.Optional.of(HostPort.parse("localhost:" + port))).trustStore(java.util.Optional.of(caPem)));
        try {
            java.net.http.HttpResponse<String> verification = new WebAdmin(hospital.settings.webAdminPort()).get("/officer/audit/verification");
            assertThat(verification.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> received().stream()
                .anyMatch(line -> line.contains(" AUDIT_SEARCH [audit@32473 ") && line.contains("actor=\"webadmin\"") && line.endsWith("verification")));
        } finally {
            hospital.close();
        }
    }
}
