package io.securemessenger.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * A recipient's whole visit in a real browser, from the notification mail the outside world
 * received: follow the link, register, read, download the attachment, reply with an attachment;
 * then the sender's IMAP inbox holds the retrieval receipt and the reply, and the sender's Sent
 * Items shows retrieved and replied. axe-core checks every page; screenshots are kept in
 * target/screenshots.
 */
class PortalInChromiumTest {
    static final String DOCTOR = "dr.grey@hospital.test";
    private static final String DOCTOR_PASSWORD = "correct horse battery staple";
    static final String PATIENT = "patient@outside.test";
    private static final String PATIENT_PASSWORD = "plum orchard under snow";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void aRecipientShouldRegisterReadDownloadAndReplyAndTheSenderSeeItAll() throws Exception {
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        Path upload = Files.writeString(work.resolve("blood-pressure.txt"), "Mon 128/82\nTue 131/85\n");
        try (OutsideMailServer outside = new OutsideMailServer();
             LauncherProcess server = new LauncherProcess(work, outside.port);
             Chromium chromium = new Chromium(Files.createDirectories(work.resolve("profile")), downloads)) {
            server.awaitReady(PATIENCE);
            server.addUser(DOCTOR, DOCTOR_PASSWORD);
            sendSecureMail(server);

            WebDriver browser = chromium.driver;
            registerAndRead(chromium, notificationLink(outside, server), true);

            browser.findElement(By.linkText("lab-report.pdf")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(downloads.resolve("lab-report.pdf")));
            assertThat(Files.readString(downloads.resolve("lab-report.pdf"))).contains("%PDF-1.4 lab report");

            browser.findElement(By.id("body")).sendKeys("Thank you, doctor. My readings are attached.");
            browser.findElement(By.id("attachments")).sendKeys(upload.toString());
            browser.findElement(By.cssSelector("button[value=reply]")).click();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Your reply was sent securely"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                chromium.screenshot("reply-failed");
                throw new AssertionError("No confirmation of the reply at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource()
                    + "\nServer log:\n" + Files.readString(server.log), e);
            }
            assertThat(browser.getPageSource()).contains("Thank you, doctor. My readings are attached.").contains("blood-pressure.txt");
            chromium.check("replied");

            browser.get("https://localhost:" + server.portalPort + "/");
            chromium.check("inbox");
            browser.findElement(By.cssSelector("nav button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/sign-in"));
            chromium.check("signed-out");
            browser.findElement(By.id("email")).sendKeys(PATIENT);
            browser.findElement(By.id("password")).sendKeys("not my password at all");
            browser.findElement(By.cssSelector("main button[type=submit]")).click();
            // A click returns before the next page has loaded.
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("The email address or password is not right"));
            chromium.check("sign-in-failed");
            browser.get("https://localhost:" + server.portalPort + "/no-such-page");
            chromium.check("not-found");

            browser.get("https://localhost:" + server.portalPort + "/forgot");
            chromium.check("forgot-password");
            browser.findElement(By.id("email")).sendKeys(PATIENT);
            browser.findElement(By.cssSelector("main button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("has an account here"));
            await().atMost(PATIENCE).until(() -> outside.received.stream().anyMatch(r -> r.recipients.contains(PATIENT) && r.raw.contains("/reset/")));
            String resetMail = outside.received.stream().filter(r -> r.recipients.contains(PATIENT) && r.raw.contains("/reset/")).findFirst()
                .orElseThrow().raw.replace("=\r\n", "").replace("=3D", "=");
            assertThat(resetMail).contains("winter fruit trees");
            Matcher reset = Pattern.compile("https://localhost:" + server.portalPort + "/reset/[A-Za-z0-9_-]{43}").matcher(resetMail);
            assertThat(reset.find()).as("the reset link").isTrue();
            browser.get(reset.group());
            assertThat(browser.getPageSource()).contains("Choose a new password").doesNotContain("winter fruit trees");
            chromium.check("reset-password");

            // On a phone-sized screen.
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            browser.get("https://localhost:" + server.portalPort + "/sign-in");
            chromium.check("sign-in-phone");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

            Message receipt = awaitInbox(server, "Opened by " + PATIENT + ": Lab results");
            assertThat(receipt.getContent().toString()).doesNotContain("potassium");
            Message reply = awaitInbox(server, "Re: Lab results");
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            reply.writeTo(raw);
            assertThat(raw.toString(StandardCharsets.UTF_8)).contains("My readings are attached").contains("blood-pressure.txt");

            browser.get("https://localhost:" + server.portalPort + "/sign-in");
            browser.findElement(By.id("email")).sendKeys(DOCTOR);
            browser.findElement(By.id("password")).sendKeys(DOCTOR_PASSWORD);
            browser.findElement(By.cssSelector("main button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/sent"));
            assertThat(browser.getPageSource()).contains("Lab results").contains(PATIENT).contains("Retrieved").contains("Replied");
            chromium.check("sent-items");
            browser.findElement(By.linkText("Lab results")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Thank you, doctor."));
            chromium.check("sent-message");
        }
    }

    /** The VIEW MESSAGE link of the patient's notification, once the outside world has it (the notice holds no content). */
    static String notificationLink(OutsideMailServer outside, LauncherProcess server) {
        await().atMost(PATIENCE).until(() -> outside.received.stream().anyMatch(r -> r.recipients.contains(PATIENT)));
        String notice = outside.received.stream().filter(r -> r.recipients.contains(PATIENT)).findFirst().orElseThrow().raw
            .replace("=\r\n", "").replace("=3D", "=");
        assertThat(notice).doesNotContain("potassium");
        Matcher link = Pattern.compile("https://localhost:" + server.portalPort + "/m/[A-Za-z0-9_-]{43}").matcher(notice);
        assertThat(link.find()).as("the VIEW MESSAGE link").isTrue();
        return link.group();
    }

    /** The patient follows the link, registers and reads the message (axe-core on both pages when {@code check}). */
    static void registerAndRead(Chromium chromium, String link, boolean check) throws Exception {
        WebDriver browser = chromium.driver;
        browser.get(link);
        assertThat(browser.getCurrentUrl()).endsWith("/register");
        if (check) {
            chromium.check("register");
        }
        browser.findElement(By.id("first")).sendKeys("Pat");
        browser.findElement(By.id("last")).sendKeys("Smith");
        browser.findElement(By.id("password")).sendKeys(PATIENT_PASSWORD);
        browser.findElement(By.id("confirm")).sendKeys(PATIENT_PASSWORD);
        browser.findElement(By.id("hint")).sendKeys("winter fruit trees");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/messages/"));
        assertThat(browser.getPageSource()).contains("Your potassium is normal").contains("Lab results");
        if (check) {
            chromium.check("message");
        }
    }

    static void sendSecureMail(LauncherProcess server) throws Exception {
        MimeMessage message = fromDoctor(server, PATIENT, "Secure: Lab results");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Dear Pat,\n\nYour potassium is normal. The full report is attached.\n\nDr Grey", "UTF-8");
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent("%PDF-1.4 lab report", "application/pdf");
        pdf.setFileName("lab-report.pdf");
        message.setContent(new MimeMultipart(text, pdf));
        Transport.send(message);
    }

    /** A mail from the doctor through the gateway's SMTP port (a relay network), to fill in and send. */
    static MimeMessage fromDoctor(LauncherProcess server, String to, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(server.smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(DOCTOR, "Dr Meredith Grey"));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        return message;
    }

    /** The first message of the doctor's IMAP inbox whose subject contains {@code subject}, once it is there. */
    static Message awaitInbox(LauncherProcess server, String subject) throws Exception {
        SSLContext tls = trustServer(server);
        return await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Properties props = new Properties();
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
            props.put("mail.imap.ssl.socketFactory", tls.getSocketFactory());
            Store store = Session.getInstance(props).getStore("imap");
            store.connect("localhost", server.imapPort, DOCTOR, DOCTOR_PASSWORD);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Message[] found = inbox.search(new SubjectTerm(subject));
                Optional<Message> copy = found.length == 0 ? Optional.empty() : Optional.of(new MimeMessage((MimeMessage) found[0]));
                inbox.close(false);
                return copy;
            } finally {
                store.close();
            }
        }, Optional::isPresent).get();
    }

    /** Trusts the launcher's self-signed certificate (DATA/tls/keystore.p12) and nothing else. */
    private static SSLContext trustServer(LauncherProcess server) throws Exception {
        char[] password = Files.readString(server.dataDir.resolve("tls/keystore.password")).strip().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(server.dataDir.resolve("tls/keystore.p12").toFile())) {
            keys.load(in, password);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate(keys.aliases().nextElement()));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
