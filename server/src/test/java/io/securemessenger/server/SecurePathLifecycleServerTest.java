package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What happens to a sealed message after it left, over real SMTP and IMAP: delivery status
 * notifications the sender asked for, bounces that arrive days later at the notification's
 * tagged envelope sender, recipients who answer a notification by plain email, and retention
 * (the expiry warning, then destruction). Retention runs with a one-minute lifetime here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurePathLifecycleServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SENDER = "dr.grey@hospital.test";
    private static final String NOTIFIER = "secure-messenger@hospital.test";
    private static final String PATIENT = "patient@outside.test";
    private static final String SLOW = "patient@slow.test";
    private static final String OFFICER = "privacy.officer@hospital.test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private HospitalServer hospital;
    private ExternalSmtpServer outside;
    private Settings settings;
    private Mailboxes mailboxes;

    @BeforeAll
    void startServers() throws Exception {
        hospital = HospitalServer.start("lifecycle", (s, outsidePort) -> s.notifierAddress(Optional.of(NOTIFIER))
            .officers(java.util.List.of(OFFICER)), built -> {
            // Retention in minutes and seconds instead of days.
            Path properties = built.dataDir().resolve("conf/secure-messenger.properties");
            Files.writeString(properties, Files.readString(properties)
                .replace("retention.period=30 days", "retention.period=1 minute")
                .replace("retention.warning=3 days", "retention.warning=50 seconds")
                .replace("retention.sweep=15 minutes", "retention.sweep=1 second"));
        });
        outside = hospital.outside;
        settings = hospital.settings;
        hospital.addUsers(PASSWORD, SENDER, OFFICER);
        mailboxes = new Mailboxes(settings.imapPort(), PASSWORD, PATIENCE);
    }

    @AfterAll
    void stopServers() {
        if (hospital != null) {
            hospital.close();
        }
    }

    @Test
    void aSenderAskingForSuccessNoticesShouldGetADsnWhenTheNotificationIsHandedOver() throws Exception {
        String marker = marker();
        sendWithDsn("Secure: Scan booked " + marker, "Your MRI is on Monday. " + marker, "SUCCESS,FAILURE", PATIENT);

        Message dsn = mailboxes.awaitWhere(SENDER, m -> Mailboxes.isReport(m) && Mailboxes.dsnMentions(m, PATIENT)
            && statusOf(m).toLowerCase().contains("action: delivered"));
        String status = statusOf(dsn);
        assertThat(status).containsIgnoringCase("Final-Recipient: rfc822; " + PATIENT).containsIgnoringCase("Status: 2.0.0");
        assertThat(Mailboxes.text(dsn) + status).doesNotContain("MRI").doesNotContain("/m/");
    }

    @Test
    void aSenderAskingForDelayNoticesShouldGetOneWhenTheNotificationWaitsForARetry() throws Exception {
        String marker = marker();
        outside.defer(SLOW);
        sendWithDsn("Secure: Scan results " + marker, "Your CT is clear. " + marker, "DELAY,FAILURE", SLOW);

        Message dsn = mailboxes.awaitWhere(SENDER, m -> Mailboxes.isReport(m) && Mailboxes.dsnMentions(m, SLOW)
            && statusOf(m).toLowerCase().contains("action: delayed"));
        assertThat(Mailboxes.text(dsn) + statusOf(dsn)).doesNotContain("CT is clear").doesNotContain("/m/");
        await().atMost(PATIENCE).until(() -> Mailboxes.vaultDump(settings.dataDir()).contains("DELAYED"));
    }

    @Test
    void aDeliveryShouldBeNotifiedOnlyOnceTheRecipientsServerAcceptedTheNotification() throws Exception {
        String waiting = "waiting@slow.test";
        outside.defer(waiting);
        send("Secure: Appointment " + marker(), "Tuesday at nine.", waiting);

        await().atMost(PATIENCE).until(() -> Mailboxes.deliveryStatuses(settings.dataDir(), waiting).contains("QUEUED"));
        assertThat(Mailboxes.deliveryStatuses(settings.dataDir(), waiting)).as("while the recipient's server defers it").doesNotContain("NOTIFIED");

        outside.accept(waiting);
        WebAdmin webAdmin = new WebAdmin(settings.webAdminPort());
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> {
            // As an administrator would: retry now rather than in minutes.
            webAdmin.patch("/mailQueues/outgoing-notifications/mails?delayed=true", "{\"delayed\": false}");
            return Mailboxes.deliveryStatuses(settings.dataDir(), waiting).contains("NOTIFIED");
        });
        assertThat(Mailboxes.deliveryStatuses(settings.dataDir(), waiting)).containsSubsequence("QUEUED", "NOTIFIED");
    }

    @Test
    void aNotificationTheRecipientsServerTakesAtOnceShouldBeNotifiedWithoutWaitingInAQueue() throws Exception {
        String marker = marker();
        String recipient = "prompt@outside.test";
        send("Secure: Results " + marker, "All normal. " + marker, recipient);

        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
        await().atMost(PATIENCE).until(() -> Mailboxes.deliveryStatuses(settings.dataDir(), recipient).contains("NOTIFIED"));
        // Sent Items shows "Notified", never "Notification queued": it was delivered while the sealed mail was in the spool.
        assertThat(Mailboxes.deliveryStatuses(settings.dataDir(), recipient)).containsExactly("NOTIFIED");
    }

    @Test
    void aBounceArrivingLaterShouldMarkTheDeliveryAndGiveTheSenderADsn() throws Exception {
        String marker = marker();
        send("Secure: Lab results " + marker, "Your potassium is normal. " + marker, PATIENT);
        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
        ExternalSmtpServer.Received notice = outside.receivedWith(marker).get(0);
        assertThat(notice.envelopeFrom).matches("secure-messenger\\+b-[0-9a-f]{32}@hospital\\.test");

        // Days later the recipient's mail system gives up and reports to the notification's envelope sender.
        lateBounce(notice.envelopeFrom, PATIENT, "5.2.2", "552 5.2.2 mailbox full " + marker);

        Message dsn = mailboxes.awaitWhere(SENDER, m -> Mailboxes.isReport(m) && statusOf(m).contains("mailbox full " + marker));
        assertThat(statusOf(dsn)).containsIgnoringCase("Final-Recipient: rfc822; " + PATIENT)
            .containsIgnoringCase("Action: failed").contains("Diagnostic-Code: smtp; 552 5.2.2 mailbox full");
        assertThat(Mailboxes.text(dsn)).doesNotContain("potassium");
        await().atMost(PATIENCE).until(() -> Mailboxes.vaultDump(settings.dataDir()).contains("UNDELIVERABLE"));
    }

    @Test
    void aRecipientReplyingByEmailShouldBeToldToUseThePortalAndTheReplyKept() throws Exception {
        String marker = marker();
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        MimeMessage reply = new MimeMessage(Session.getInstance(props));
        reply.setFrom(new InternetAddress(PATIENT));
        reply.addRecipient(Message.RecipientType.TO, new InternetAddress(NOTIFIER));
        reply.setSubject("Re: Secure message from Dr Meredith Grey " + marker);
        reply.setText("Thanks doctor, my pain is worse since Tuesday. " + marker);
        Transport.send(reply);
        String replyId = reply.getMessageID();
        await().atMost(PATIENCE).until(() -> outside.received().stream().anyMatch(r -> r.raw.contains(replyId)));
        ExternalSmtpServer.Received answer = outside.received().stream().filter(r -> r.raw.contains(replyId)).findFirst().orElseThrow();
        assertThat(answer.envelopeTo).isEqualTo(PATIENT);
        assertThat(answer.message.getHeader("In-Reply-To", null)).isEqualTo(replyId);
        assertThat(textOf(answer.message)).contains("was not delivered to anyone").contains("localhost:" + settings.portalPort());
        assertThat(answer.envelopeFrom).as("RFC 3834: null sender").isEmpty();
        assertThat(answer.raw).contains("Auto-Submitted: auto-replied").doesNotContain("pain is worse");
        assertThat(outside.received()).noneMatch(r -> r.raw.contains("pain is worse"));
        await().atMost(PATIENCE).until(() -> repositorySize("var/mail/notifier-replies") == 1);
    }

    @Test
    void anUnreadMessageShouldWarnItsSenderAndThenExpire() throws Exception {
        String marker = marker();
        send("Secure: Referral letter " + marker, "Referral for cardiology. " + marker, PATIENT);

        Message warning = mailboxes.awaitSubject(SENDER, "Unread secure message expires soon: Referral letter " + marker);
        assertThat(Mailboxes.text(warning)).doesNotContain("cardiology");
        await().atMost(Duration.ofSeconds(90)).until(() -> Mailboxes.vaultDump(settings.dataDir()).contains("EXPIRE"));
    }

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    @Test
    void theAuditTrailShouldBeReadAndAnOfficersSecondFactorResetThroughWebAdminEachCallAudited() throws Exception {
        String subject = "Secure: Audit " + marker();
        send(subject, "Potassium 4.1.", "audited@outside.test");
        await().atMost(PATIENCE).until(() -> Mailboxes.deliveryStatuses(settings.dataDir(), "audited@outside.test").contains("NOTIFIED"));
        WebAdmin webAdmin = new WebAdmin(settings.webAdminPort());

        java.net.http.HttpResponse<String> seals = webAdmin.get("/officer/audit?action=SEAL&actor=" + SENDER.toUpperCase(java.util.Locale.ROOT));
        assertThat(seals.statusCode()).as(seals.body()).isEqualTo(200);
        assertThat(seals.body()).startsWith("[{").contains("\"action\":\"SEAL\"").contains("\"actor\":\"" + SENDER + "\"")
            .contains("\"hash\":\"").doesNotContain("Potassium").doesNotContain(subject).doesNotContain("\"NOTIFY\"");
        assertThat(webAdmin.get("/officer/audit/verification").body()).contains("\"intact\":true");
        String today = java.time.LocalDate.now().toString();
        assertThat(webAdmin.get("/officer/reports?from=" + today + "&to=" + today).body())
            .matches("\\[\\{\"day\":\"" + today + "\",\"sealed\":[1-9][0-9]*,\"notified\":[1-9][0-9]*,.*\\}\\]");
        assertThat(webAdmin.get("/officer/reports?by=month").statusCode()).isEqualTo(400);
        assertThat(webAdmin.get("/officer/policy").body()).contains("\"fingerprint\":\"").contains("ePHI:, PHI:, Secure:")
            .contains(OFFICER).contains("\"lastCertification\":null");
        assertThat(webAdmin.get("/officer/audit?action=READ").statusCode()).isEqualTo(400);
        assertThat(webAdmin.get("/officer/audit?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(webAdmin.get("/officer/audit?limit=0").statusCode()).isEqualTo(400);

        java.net.http.HttpResponse<String> found = webAdmin.get("/officer/messages?recipient=AUDITED@outside.test");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).contains("\"sender\":\"" + SENDER + "\"").contains("\"status\":\"NOTIFIED\"").doesNotContain(subject);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([A-Za-z0-9_-]+)\"").matcher(found.body());
        assertThat(id.find()).isTrue();
        assertThat(webAdmin.get("/officer/messages/" + id.group(1)).body()).contains("audited@outside.test");
        assertThat(webAdmin.get("/officer/messages/no-such-message").statusCode()).isEqualTo(404);
        assertThat(webAdmin.get("/officer/messages?status=READ").statusCode()).isEqualTo(400);
        java.util.regex.Matcher deliveryId = java.util.regex.Pattern.compile("\"delivery\":\"([A-Za-z0-9_-]+)\"").matcher(found.body());
        assertThat(deliveryId.find()).isTrue();
        String until = java.time.Instant.now().plus(Duration.ofDays(60)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        java.net.http.HttpResponse<String> moved = webAdmin.put("/officer/messages/" + id.group(1) + "/expiry", "{\"expiresAt\":\"" + until + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(webAdmin.get("/officer/messages/" + id.group(1)).body()).contains("\"expiresAt\":\"" + until + "\"");
        assertThat(webAdmin.put("/officer/messages/" + id.group(1) + "/expiry", "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}").statusCode())
            .isEqualTo(400);
        int notificationsBefore = outside.receivedWith(subject.substring("Secure: ".length())).size();
        java.net.http.HttpResponse<String> resent = webAdmin.post("/officer/messages/" + id.group(1) + "/resend?delivery=" + deliveryId.group(1));
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> outside.receivedWith(subject.substring("Secure: ".length())).size() == notificationsBefore + 1);
        assertThat(webAdmin.post("/officer/messages/" + id.group(1) + "/resend?delivery=no-such-delivery").statusCode()).isEqualTo(404);
        java.net.http.HttpResponse<String> recalled = webAdmin.post("/officer/messages/" + id.group(1) + "/recall");
        assertThat(recalled.statusCode()).as(recalled.body()).isEqualTo(200);
        assertThat(recalled.body()).startsWith("{\"recalled\":[\"");
        assertThat(Mailboxes.deliveryStatuses(settings.dataDir(), "audited@outside.test")).contains("RECALLED");
        assertThat(webAdmin.post("/officer/messages/" + id.group(1) + "/recall").body()).as("nothing left").isEqualTo("{\"recalled\":[]}");
        assertThat(webAdmin.post("/officer/messages/" + id.group(1) + "/resend?delivery=" + deliveryId.group(1)).statusCode())
            .as("a recalled copy is not announced again").isEqualTo(409);

        // The officer enrols on the portal, then loses their phone: the administrator resets the second factor.
        io.securemessenger.portal.Browser officer = officerSignIn();
        officer.get("/officer/enrol");
        java.util.regex.Matcher shown = java.util.regex.Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>").matcher(officer.text());
        assertThat(shown.find()).as(officer.text()).isTrue();
        byte[] secret = new org.apache.commons.codec.binary.Base32().decode(shown.group(1).replace(" ", ""));
        officer.post("/officer/enrol", "code", new io.securemessenger.portal.officer.Totp().code(secret, java.time.Instant.now()));
        assertThat(officer.text()).contains("Your recovery codes");
        assertThat(webAdmin.delete("/officer/second-factors/Privacy.Officer@hospital.test").statusCode()).isEqualTo(204);
        assertThat(webAdmin.delete("/officer/second-factors/" + OFFICER).statusCode()).as("nothing left to reset").isEqualTo(404);
        io.securemessenger.portal.Browser again = officerSignIn();
        again.get("/officer/second-factor");
        assertThat(again.location()).as("enrols again").hasValueSatisfying(l -> assertThat(l).endsWith("/officer/enrol"));

        java.net.http.HttpResponse<String> resets = webAdmin.get("/officer/audit?action=SECOND_FACTOR_RESET");
        assertThat(resets.body()).contains("\"actor\":\"webadmin\"").contains("\"subject\":\"" + OFFICER + "\"");
        assertThat(webAdmin.get("/officer/audit?actor=webadmin&action=RECALL").body()).contains("\"detail\":\"officer\"");
        assertThat(webAdmin.get("/officer/audit?actor=webadmin&action=EXPIRY_CHANGE").body()).contains("to " + until);
        assertThat(webAdmin.get("/officer/audit?actor=webadmin&action=NOTIFY").body()).contains("resent by an officer");
        assertThat(webAdmin.get("/officer/audit?actor=webadmin&action=AUDIT_SEARCH").body())
            .contains("\"detail\":\"actor=" + SENDER.toUpperCase(java.util.Locale.ROOT) + " action=SEAL\"");
    }

    @Test
    void aDlpHitShouldBeAnIncidentOnTheOfficersWebAdminRoutesWithItsMaskedSampleOnly() throws Exception {
        send("Follow-up " + marker(), "Patient SSN 536-22-8845, please call back.", "dlp@outside.test");
        await().atMost(PATIENCE).until(() -> Mailboxes.deliveryStatuses(settings.dataDir(), "dlp@outside.test").contains("NOTIFIED"));

        java.net.http.HttpResponse<String> incidents = new WebAdmin(settings.webAdminPort()).get("/officer/incidents?from="
            + java.time.Instant.now().minus(Duration.ofHours(1)));
        assertThat(incidents.statusCode()).as(incidents.body()).isEqualTo(200);
        assertThat(incidents.body()).contains("\"sender\":\"" + SENDER + "\"").contains("\"rule\":\"ssn\"")
            .contains("\"location\":\"body\"").contains("\"action\":\"sealed\"").contains("\"sample\":\"***-**-8845\"")
            .contains("\"hospital.test\":").doesNotContain("536-22-8845");
    }

    private io.securemessenger.portal.Browser officerSignIn() throws Exception {
        io.securemessenger.portal.Browser browser = new io.securemessenger.portal.Browser(javax.net.ssl.SSLContext.getDefault(),
            settings.portalPort());
        browser.get("/sign-in");
        browser.post("/sign-in", "email", OFFICER, "password", PASSWORD);
        assertThat(browser.location()).hasValueSatisfying(l -> assertThat(l).endsWith("/officer/second-factor"));
        return browser;
    }

    private void send(String subject, String body, String... recipients) throws Exception {
        TestServers.relay(settings.smtpPort(), "Dr Meredith Grey <" + SENDER + ">", subject, body, recipients);
    }

    private void sendWithDsn(String subject, String body, String notify, String... recipients) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        props.put("mail.smtp.dsn.notify", notify);
        props.put("mail.smtp.dsn.ret", "HDRS");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(SENDER));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        Transport.send(message);
    }

    /** Sends, with a null envelope sender, the RFC 3464 report a remote mail system writes. */
    private void lateBounce(String to, String failedRecipient, String status, String diagnostic) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        props.put("mail.smtp.from", "");
        MimeMessage report = new MimeMessage(Session.getInstance(props));
        report.setFrom(new InternetAddress("MAILER-DAEMON@outside.test"));
        report.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        report.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart parts = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("Your message could not be delivered.");
        parts.addBodyPart(human);
        MimeBodyPart fields = new MimeBodyPart();
        fields.setContent("Reporting-MTA: dns; mx.outside.test\r\n\r\nFinal-Recipient: rfc822; " + failedRecipient
            + "\r\nAction: failed\r\nStatus: " + status + "\r\nDiagnostic-Code: smtp; " + diagnostic + "\r\n", "text/plain");
        fields.setHeader("Content-Type", "message/delivery-status");
        parts.addBodyPart(fields);
        report.setContent(parts);
        Transport.send(report);
    }

    private static String statusOf(Message message) {
        try {
            return Mailboxes.partText((MimeMultipart) message.getContent(), "message/delivery-status");
        } catch (Exception e) {
            return "";
        }
    }

    /** The number of mails in a repository, by WebAdmin (which names repositories by their URL-encoded path). */
    private long repositorySize(String repository) throws Exception {
        return new WebAdmin(settings.webAdminPort()).repositorySize(repository);
    }

    private static String textOf(MimeMessage message) throws Exception {
        Object content = message.getContent();
        return content instanceof MimeMultipart ? ((MimeMultipart) content).getBodyPart(0).getContent().toString() : content.toString();
    }
}
