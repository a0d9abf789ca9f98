package io.securemessenger.stockjames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.activation.DataHandler;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.search.SubjectTerm;
import javax.mail.util.ByteArrayDataSource;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an administrator of a stock James 3.8.1 does (docs/admin/install.md): the extension jar in
 * {@code extensions-jars/}, {@code james-conf/} as the configuration, nothing else. This JVM's
 * classpath is James as published, with its own older commons libraries and Bouncy Castle; none
 * of our classes or of Tika's are on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockJamesExtensionIT {
    private static final String PASSWORD = "stock-james-test-password";
    private static final String SENDER = "dr.house@localhost";
    private static final String NURSE = "nurse@localhost";
    private static final String PATIENT = "patient@outside.test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Path home;
    private GuiceJamesServer james;
    private int smtpPort;
    private int imapPort;
    private int portalPort;
    private int webAdminPort;

    @BeforeAll
    void startStockJames() throws Exception {
        Path extensionJar = Path.of(System.getProperty("extension.jar"));
        assertThat(extensionJar).as("the extension jar is built by 'mvn package' before this test runs").exists();
        assertThat(getClass().getClassLoader().getResource("io/securemessenger/matchers/DlpMatcher.class"))
            .as("our classes must come from extensions-jars/ only").isNull();

        home = Files.createTempDirectory("stock-james");
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path source = Path.of(System.getProperty("james.conf"));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Path copy = conf.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        smtpPort = freePort();
        imapPort = freePort();
        // The only edits: the memory app keeps mail repositories in memory (it has no JPA), and free
        // ports for this test, as an administrator would pick theirs.
        replace(conf.resolve("mailetcontainer.xml"), "jpa://", "memory://");
        Files.writeString(conf.resolve("mailrepositorystore.xml"), "<mailrepositorystore><defaultProtocol>memory</defaultProtocol>"
            + "<mailrepositories><mailrepository class=\"org.apache.james.mailrepository.memory.MemoryMailRepository\">"
            + "<protocols><protocol>memory</protocol></protocols></mailrepository></mailrepositories></mailrepositorystore>");
        replace(conf.resolve("smtpserver.xml"), "0.0.0.0:2525", "0.0.0.0:" + smtpPort);
        replace(conf.resolve("smtpserver.xml"), "0.0.0.0:2587", "0.0.0.0:" + freePort());
        replace(conf.resolve("imapserver.xml"), "0.0.0.0:2143", "0.0.0.0:" + imapPort);
        webAdminPort = freePort();
        replace(conf.resolve("webadmin.properties"), "port=8000", "port=" + webAdminPort);
        keytool(Files.createDirectories(home.resolve("tls")).resolve("keystore.p12"));
        // The portal uses the same key store; its password goes in a file, never in the properties.
        Files.writeString(home.resolve("tls/keystore.password"), "changeit");
        portalPort = freePort();
        replace(conf.resolve("secure-messenger.properties"), "portal.port=8443", "portal.port=" + portalPort);
        Files.createDirectories(home.resolve("extensions-jars"));
        Files.copy(extensionJar, home.resolve("extensions-jars").resolve(extensionJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);

        james = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder().workingDirectory(home.toFile()).build())
            .combineWith(new FakeSearchMailboxModule());
        james.start();
        DataProbeImpl data = james.getProbe(DataProbeImpl.class);
        data.addUser(SENDER, PASSWORD);
        data.addUser(NURSE, PASSWORD);
    }

    @AfterAll
    void stop() throws IOException {
        if (james != null) {
            james.stop();
        }
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void thePortalShouldAnswerOverHttpsInsideStockJames() throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        // The test's throw-away keystore is self-signed; trusting it here is the test client's business.
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder().sslContext(trustAll).build()
            .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + portalPort + "/sign-in")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Sign in").contains("name=\"csrf\"");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void theOfficersWebAdminRoutesShouldAnswerInsideStockJames() throws Exception {
        java.net.http.HttpResponse<String> verification = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + webAdminPort + "/officer/audit/verification")).GET().build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(verification.statusCode()).as(verification.body()).isEqualTo(200);
        assertThat(verification.body()).contains("\"intact\":true");
        java.net.http.HttpResponse<String> policy = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + webAdminPort + "/officer/policy")).GET().build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(policy.body()).as("the policy read from the stock James' conf/").contains("ePHI:, PHI:, Secure:").contains("DLP policy hipaa");
    }

    @Test
    void pdfAttachmentWithAnSsnShouldBeReadByTikaAndSealedForTheOutsideRecipient() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        send("Lab report " + marker, "Please find the report attached.", pdf("Patient SSN 536-22-8845"), NURSE, PATIENT);

        assertThat(awaitInbox(NURSE, marker)).isTrue();
        // Tika read the PDF inside a stock James: the DLP notice names the attachment and a masked SSN.
        String notice = awaitMessage(SENDER, "Your message is being sent securely");
        assertThat(notice).contains("rule \"ssn\" in the attachment 1 application/pdf").contains("***-**-8845")
            .doesNotContain("536-22-8845");
        // The confirmation is only sent once the message is sealed in the vault.
        assertThat(awaitInbox(SENDER, "Sent securely: Lab report " + marker)).isTrue();
    }

    @Test
    void triggeredMailShouldBeSealedAndConfirmed() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        send("Secure: appointment " + marker, "Tuesday at 10.", null, PATIENT);

        assertThat(awaitInbox(SENDER, "Sent securely: appointment " + marker)).isTrue();
    }


    private String awaitMessage(String user, String subjectPart) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> firstMatching(user, subjectPart), t -> !t.isEmpty());
    }

    private String firstMatching(String user, String subjectPart) throws Exception {
        Store store = imap(user);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] found = inbox.search(new SubjectTerm(subjectPart));
            String text = found.length == 0 ? "" : String.valueOf(found[0].getContent());
            inbox.close(false);
            return text;
        } finally {
            store.close();
        }
    }

    private void send(String subject, String text, byte[] pdf, String... recipients) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(SENDER));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        if (pdf == null) {
            message.setText(text);
        } else {
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text);
            multipart.addBodyPart(body);
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
            attachment.setFileName("report.pdf");
            multipart.addBodyPart(attachment);
            message.setContent(multipart);
        }
        Transport.send(message);
    }

    private boolean awaitInbox(String user, String subjectPart) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> inInbox(user, subjectPart), found -> found);
    }

    private Store imap(String user) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        // The test's throw-away keystore is self-signed; trusting it here is the test client's business.
        props.put("mail.imap.ssl.trust", "localhost");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("localhost", imapPort, user, PASSWORD);
        return store;
    }

    private boolean inInbox(String user, String subjectPart) throws Exception {
        Store store = imap(user);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            boolean found = inbox.search(new SubjectTerm(subjectPart)).length > 0;
            inbox.close(false);
            return found;
        } finally {
            store.close();
        }
    }




    /** A one-page PDF showing {@code text}, written by hand: no PDF library is on a stock James. */
    static byte[] pdf(String text) throws IOException {
        String content = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        out.write("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < objects.length; i++) {
            offsets.add(out.size());
            out.write(((i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n").getBytes(StandardCharsets.US_ASCII));
        }
        int xref = out.size();
        StringBuilder trailer = new StringBuilder("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            trailer.append(String.format("%010d 00000 n \n", offset));
        }
        trailer.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        out.write(trailer.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void keytool(Path keystore) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "james", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost")
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static final java.util.Set<Integer> GIVEN = new java.util.HashSet<>();

    /** A port free now and not handed out before in this test (James' listeners must differ). */
    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (GIVEN.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
