package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securemessenger.portal.Browser;
import io.securemessenger.vault.store.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Two nodes, as a hospital runs the gateway 24x7: two server processes ({@code secure-messenger run})
 * on one real PostgreSQL ({@code --database-url}: James' users, domains, mailboxes and repositories,
 * and the vault), each with its own mail queue on its own disk and the same master key store, behind
 * one portal address. What one node does, the other sees; a node killed with {@code kill -9} loses
 * nothing it accepted, and the other keeps working meanwhile.
 */
class TwoNodesProcessTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String DOCTOR = "dr.grey@hospital.test";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void twoNodesOnOnePostgresqlShouldServeAsOneAndSurviveTheLossOfEither() throws Exception {
        Path work = Files.createTempDirectory("secure-messenger-two-nodes");
        String database = TestPostgres.newDatabase();
        int outsidePort = TestServers.freePort();
        KeyStore outsideKeys = TestCertificates.serverKeyStore("localhost");
        Path conf = shortRetention(work.resolve("conf"));
        Path serverTrust = work.resolve("server-trust.p12");
        TestCertificates.trustOnly(serverTrust, outsideKeys.getCertificate("server"));
        try (ExternalSmtpServer outside = new ExternalSmtpServer(outsidePort, TestCertificates.sslContext(outsideKeys));
             ServerProcess a = new ServerProcess(work.resolve("a"), node(work.resolve("a"), outsidePort, conf, database), serverTrust);
             ServerProcess b = new ServerProcess(work.resolve("b"), node(work.resolve("b"), outsidePort, conf, database), serverTrust)) {
            Files.createDirectories(work.resolve("a"));
            Files.createDirectories(work.resolve("b"));
            a.start(START);
            shareMasterKeys(a.settings, b.settings);
            b.start(START);
            SSLContext portals = trustBothNodes(work, outsideKeys, a.settings, b.settings);

            // A user added on node A is node B's user too: James' users are in PostgreSQL.
            assertThat(new WebAdmin(a.settings.webAdminPort()).put("/users/" + DOCTOR, "{\"password\":\"" + PASSWORD + "\"}").statusCode())
                .isEqualTo(204);
            assertThat(new WebAdmin(b.settings.webAdminPort()).get("/users").body()).contains(DOCTOR);
            Mailboxes onA = new Mailboxes(a.settings.imapPort(), PASSWORD, PATIENCE);
            Mailboxes onB = new Mailboxes(b.settings.imapPort(), PASSWORD, PATIENCE);

            // Sealed on A; read, downloaded and answered on B's portal.
            String marker = "m-" + UUID.randomUUID();
            String patient = "patient-" + marker + "@outside.test";
            sendWithAttachment(a.settings.smtpPort(), "PHI: Scan report " + marker, "Your MRI shows no change " + marker, patient);
            String token = link(await().atMost(PATIENCE).until(() -> outside.received().stream()
                .filter(r -> r.envelopeTo.equals(patient)).findFirst(), Optional::isPresent).get().raw);
            Browser reader = new Browser(portals, b.settings.portalPort());
            reader.get("/m/" + token);
            reader.get("/register");
            reader.post("/register", "first", "Pat", "last", "Smith", "password", "plum orchard under snow", "confirm",
                "plum orchard under snow", "hint", "winter fruit trees");
            String messagePath = reader.location().orElseThrow();
            reader.get(messagePath);
            assertThat(reader.text()).contains("Your MRI shows no change " + marker).contains("scan.pdf");
            Matcher attachment = Pattern.compile("href=\"(/messages/[^\"]+/attachments/[0-9a-f]{32})\"").matcher(reader.text());
            assertThat(attachment.find()).isTrue();
            reader.get(attachment.group(1));
            assertThat(reader.last.statusCode()).isEqualTo(200);
            assertThat(reader.text()).isEqualTo("%PDF-1.4 scan " + marker);
            reader.post(messagePath + "/reply", "body", "Thank you, doctor " + marker, "action", "reply");
            assertThat(reader.last.statusCode()).isEqualTo(303);
            // The reply and the retrieval receipt reach the sender's mailbox, which either node serves.
            assertThat(Mailboxes.text(onA.awaitSubject(DOCTOR, "Re: Scan report " + marker))).contains("Thank you, doctor " + marker);
            onB.awaitSubject(DOCTOR, "Opened by " + patient + ": Scan report " + marker);

            // A session started on A is valid on B; a recall on A shows on B.
            Browser doctorOnA = new Browser(portals, a.settings.portalPort());
            doctorOnA.get("/sign-in");
            doctorOnA.post("/sign-in", "email", DOCTOR, "password", PASSWORD);
            assertThat(doctorOnA.location()).contains("/sent");
            Browser doctorOnB = new Browser(portals, b.settings.portalPort());
            doctorOnB.cookie(doctorOnA.cookie());
            doctorOnB.get("/sent");
            assertThat(doctorOnB.last.statusCode()).isEqualTo(200);
            assertThat(doctorOnB.text()).contains("Scan report " + marker).contains("Retrieved");
            Matcher sent = Pattern.compile("href=\"/sent/([A-Za-z0-9_-]+)\"").matcher(doctorOnB.text());
            assertThat(sent.find()).isTrue();
            doctorOnA.get("/sent/" + sent.group(1));
            doctorOnA.post("/sent/" + sent.group(1) + "/recall");
            assertThat(doctorOnA.last.statusCode()).isEqualTo(303);
            reader.get(messagePath);
            assertThat(reader.last.statusCode()).isEqualTo(410);
            assertThat(reader.text()).contains("withdrawn");

            // Both nodes sweep retention; the sender of an unread message is warned once.
            String unread = "m-" + UUID.randomUUID();
            TestServers.relay(b.settings.smtpPort(), DOCTOR, "PHI: Unread results " + unread, "Potassium normal " + unread,
                "nobody-reads-" + unread + "@outside.test");
            onA.awaitSubject(DOCTOR, "Unread secure message expires soon: Unread results " + unread);
            Thread.sleep(15_000); // three more sweeps of each node
            long warnings = Mailboxes.readInbox(a.settings.imapPort(), DOCTOR, PASSWORD, inbox -> java.util.Arrays.stream(inbox.getMessages())
                .filter(m -> subject(m).contains("expires soon: Unread results " + unread)).count());
            assertThat(warnings).isEqualTo(1L);

            // Node A is killed with kill -9 while mail is in its queues: B keeps accepting and serving,
            // and A, started again, delivers what it had accepted. Nothing accepted is lost.
            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(2);
            for (int c = 0; c < 2; c++) {
                clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < 40; i = next.getAndIncrement()) {
                        String id = "burst-" + i + "-" + marker;
                        try {
                            TestServers.relay(a.settings.smtpPort(), DOCTOR, "Rota " + id, "Shift swap " + id, "partner-" + i + "@outside.test");
                            acknowledged.put(id, a.settings.smtpPort());
                        } catch (Exception refusedWhileDown) {
                            // Not acknowledged: the sending server would retry; not counted.
                        }
                    }
                });
            }
            await().atMost(PATIENCE).until(() -> acknowledged.size() >= 15);
            a.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            for (int i = 0; i < 5; i++) {
                String id = "on-b-" + i + "-" + marker;
                TestServers.relay(b.settings.smtpPort(), DOCTOR, "Rota " + id, "Shift swap " + id, "partner-b" + i + "@outside.test");
                acknowledged.put(id, b.settings.smtpPort());
            }
            Browser stillServing = new Browser(portals, b.settings.portalPort());
            stillServing.get("/sign-in");
            assertThat(stillServing.last.statusCode()).isEqualTo(200);
            a.start(START);
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(acknowledged.keySet().stream()
                .filter(id -> outside.receivedWith("Shift swap " + id).isEmpty()).collect(Collectors.toList())).as("lost").isEmpty());

            // Both nodes appended to one audit trail; it verifies (checkpoints of node A included).
            StringWriter out = new StringWriter();
            CommandLine cli = SecureMessengerCli.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(out));
            assertThat(cli.execute("audit", "verify", "--data-dir", a.settings.dataDir().toString(), "--database-url", database))
                .as(out.toString()).isZero();
        } finally {
            org.apache.commons.io.FileUtils.deleteQuietly(work.toFile());
        }
    }

    private static Settings node(Path home, int outsidePort, Path conf, String database) throws Exception {
        return TestServers.settings(home, outsidePort).confDir(conf).relayNetworks(List.of("127.0.0.0/8"))
            .database(Optional.of(database), Optional.empty()).build();
    }

    /** james-conf/ with a retention short enough to see a sweep: warned 10 s after sealing, swept every 5 s. */
    private static Path shortRetention(Path conf) throws Exception {
        org.apache.commons.io.FileUtils.copyDirectory(Path.of("..", "james-conf").toFile(), conf.toFile());
        Path properties = conf.resolve("secure-messenger.properties");
        String text = Files.readString(properties, StandardCharsets.UTF_8).replaceAll("(?m)^retention\\.(period|warning|sweep)=.*$", "");
        Files.writeString(properties, text + "\nretention.period=10 minutes\nretention.warning=590 seconds\nretention.sweep=5 seconds\n");
        return conf;
    }

    /** Every node holds the same master key store (the deploy guide: copy it before the second node's first start). */
    private static void shareMasterKeys(Settings from, Settings to) throws Exception {
        Path source = from.dataDir().resolve("vault");
        Path target = to.dataDir().resolve("vault");
        DataDirectory.createPrivateDirectory(to.dataDir());
        Files.createDirectories(target);
        for (String file : List.of("master-keys.p12", "master-keys.password")) {
            Files.copy(source.resolve(file), target.resolve(file));
        }
    }

    /** This JVM (the browser, the IMAP client) trusts both nodes' generated certificates. */
    private static SSLContext trustBothNodes(Path work, KeyStore outsideKeys, Settings a, Settings b) throws Exception {
        TestCertificates.trustOnly(work.resolve("client-trust.p12"), outsideKeys.getCertificate("server"), certificate(a), certificate(b));
        return SSLContext.getDefault();
    }

    private static java.security.cert.Certificate certificate(Settings node) throws Exception {
        return TestCertificates.certificateOf(node.dataDir().resolve("tls/keystore.p12"),
            Files.readString(node.dataDir().resolve("tls/keystore.password")).strip(), TlsKeystore.ALIAS);
    }

    private static void sendWithAttachment(int smtpPort, String subject, String body, String recipient) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(DOCTOR, "Dr Meredith Grey"));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        message.setSubject(subject);
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent(subject.replace("PHI: Scan report ", "%PDF-1.4 scan "), "application/pdf");
        pdf.setFileName("scan.pdf");
        message.setContent(new MimeMultipart(text, pdf));
        Transport.send(message);
    }

    private static String subject(Message message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (javax.mail.MessagingException e) {
            return "";
        }
    }

    private static String link(String notification) {
        Matcher m = Pattern.compile("/m/([A-Za-z0-9_-]{43})").matcher(notification);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
