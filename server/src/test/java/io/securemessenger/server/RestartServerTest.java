package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import io.securemessenger.portal.Browser;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the server holds outlives a restart: users and domains, a delivered message in a mailbox,
 * a mail waiting in a delivery queue, a mail repository, and a sealed message in the vault; and
 * WebAdmin answers about all of them afterwards. A copy of the stopped server's data directory
 * then starts elsewhere as the same server (a restore from backup, docs/admin/operations.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SENDER = "dr.grey@hospital.test";
    private static final String NURSE = "nurse.joy@hospital.test";
    private static final String NOTIFIER = "secure-messenger@hospital.test";
    private static final String PATIENT = "patient@outside.test";
    private static final String LATE = "patient@later.test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private HospitalServer hospital;

    @BeforeAll
    void start() throws Exception {
        hospital = HospitalServer.start("restart", (s, outsidePort) -> s.notifierAddress(Optional.of(NOTIFIER)));
        hospital.addUsers(PASSWORD, SENDER, NURSE);
    }

    @AfterAll
    void stop() {
        hospital.close();
    }

    @Test
    void everythingTheServerHoldsShouldOutliveARestart() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        int smtp = hospital.settings.smtpPort();
        WebAdmin webAdmin = new WebAdmin(hospital.settings.webAdminPort());
        Mailboxes mailboxes = new Mailboxes(hospital.settings.imapPort(), PASSWORD, PATIENCE);

        TestServers.relay(smtp, SENDER, "Rota " + marker, "Night shift " + marker, NURSE);
        mailboxes.awaitSubject(NURSE, "Rota " + marker);
        TestServers.relay(smtp, SENDER, "Secure: Results " + marker, "Your results are normal. " + marker, PATIENT);
        await().atMost(PATIENCE).until(() -> hospital.outside.receivedWith(marker).stream().anyMatch(r -> r.envelopeTo.equals(PATIENT)));
        String token = link(hospital.outside.receivedWith(marker).stream().filter(r -> r.envelopeTo.equals(PATIENT)).findFirst().orElseThrow().raw);
        TestServers.relay(smtp, PATIENT, "Re: your message " + marker, "Thanks " + marker, NOTIFIER);
        await().atMost(PATIENCE).until(() -> webAdmin.repositorySize("var/mail/notifier-replies") == 1);
        hospital.outside.defer(LATE);
        TestServers.relay(smtp, SENDER, "Appointment " + marker, "Tuesday at ten " + marker, LATE);
        await().atMost(PATIENCE).until(() -> webAdmin.queueSize("outgoing-tls-retry") == 1);

        List<ch.qos.logback.classic.spi.ILoggingEvent> logged;
        try (CapturedLog log = new CapturedLog(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            hospital.restart();
            logged = log.events();
        }
        assertThat(logged).as("stopping and starting logs no error").noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
            .noneMatch(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));

        assertThat(webAdmin.get("/users").body()).contains(SENDER).contains(NURSE);
        assertThat(webAdmin.get("/domains").body()).contains("hospital.test");
        assertThat(mailboxes.find(NURSE, "Rota " + marker)).isPresent();
        assertThat(webAdmin.repositorySize("var/mail/notifier-replies")).isEqualTo(1);
        assertThat(webAdmin.queueSize("outgoing-tls-retry")).isEqualTo(1);
        // The waiting mail is delivered once the recipient's server takes it: the administrator
        // flushes the retry delay from WebAdmin instead of waiting five minutes.
        hospital.outside.accept(LATE);
        assertThat(webAdmin.patch("/mailQueues/outgoing-tls-retry/mails?delayed=true", "{\"delayed\": false}").statusCode()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> hospital.outside.receivedWith(marker).stream().anyMatch(r -> r.envelopeTo.equals(LATE)));
        assertThat(hospital.outside.receivedWith(marker).stream().filter(r -> r.envelopeTo.equals(LATE))).hasSize(1);

        // The link mailed before the restart still leads to the sealed message.
        Browser patient = new Browser(SSLContext.getDefault(), hospital.settings.portalPort());
        patient.get("/m/" + token);
        patient.get("/register");
        patient.post("/register", "first", "Pat", "last", "Smith", "password", "plum orchard under snow",
            "confirm", "plum orchard under snow", "hint", "winter fruit trees");
        patient.get(patient.location().orElseThrow());
        assertThat(patient.last.statusCode()).isEqualTo(200);
        assertThat(patient.text()).contains("Your results are normal. " + marker);

        // Restore from backup: the data directory of the stopped server, copied elsewhere (the original
        // gone), starts as the same server, and its audit trail verifies.
        hospital.server.stop();
        Path restored = hospital.temp.resolve("restored");
        FileUtils.copyDirectory(hospital.settings.dataDir().toFile(), restored.resolve("data").toFile());
        FileUtils.deleteDirectory(hospital.settings.dataDir().toFile());
        Settings elsewhere = TestServers.settings(restored, hospital.settings.outboundSmarthost().orElseThrow().port())
            .notifierAddress(Optional.of(NOTIFIER)).relayNetworks(List.of("127.0.0.0/8")).build();
        hospital.server = SecureMessengerServer.prepare(elsewhere).start();
        assertThat(new WebAdmin(elsewhere.webAdminPort()).get("/users").body()).contains(SENDER).contains(NURSE);
        assertThat(new Mailboxes(elsewhere.imapPort(), PASSWORD, PATIENCE).find(NURSE, "Rota " + marker)).isPresent();
        Browser again = new Browser(SSLContext.getDefault(), elsewhere.portalPort());
        again.get("/sign-in");
        again.post("/sign-in", "email", PATIENT, "password", "plum orchard under snow");
        again.get("/");
        assertThat(again.text()).contains("Results " + marker);
        hospital.server.stop();
        assertThat(SecureMessengerCli.commandLine().execute("audit", "verify", "--data-dir", elsewhere.dataDir().toString())).isZero();
        hospital.server = SecureMessengerServer.prepare(elsewhere).start();
    }

    private String link(String notification) {
        Matcher m = Pattern.compile(Pattern.quote(hospital.settings.portalUrl() + "/m/") + "([A-Za-z0-9_-]{43})").matcher(notification);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
