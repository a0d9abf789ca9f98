package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Boots the server the way {@code ./secure-messenger run} does, with the administrator's
 * {@code james-conf/}, and checks the routing policy over real SMTP and IMAP: internal recipients
 * get mail in clear, plain external mail leaves over verified STARTTLS, and triggered or
 * DLP-flagged mail never reaches the outside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingPolicyServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SENDER = "dr.grey@hospital.test";
    private static final String NURSE = "nurse.joy@hospital.test";
    private static final String PATIENT = "patient@outside.test";
    private static final String SECOND_PATIENT = "carer@elsewhere.test";
    private static final String REFUSED = "no-such-patient@outside.test";
    private static final String EXCHANGE_USER = "boss@exchange.test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private HospitalServer hospital;
    private ExternalSmtpServer outside;
    private Settings settings;
    private SecureMessengerServer server;
    private Mailboxes mailboxes;

    @BeforeAll
    void startServers() throws Exception {
        // The trusted (Exchange) domain is reached through the same test server, as the internal route.
        hospital = HospitalServer.start("routing", (s, outsidePort) -> s.trustedDomains(List.of("exchange.test"))
            .internalSmarthost(Optional.of(HostPort.parse("localhost:" + outsidePort))));
        outside = hospital.outside;
        settings = hospital.settings;
        server = hospital.server;
        hospital.addUsers(PASSWORD, SENDER, NURSE);
        mailboxes = new Mailboxes(settings.imapPort(), PASSWORD, PATIENCE);
    }

    @AfterAll
    void stopServers() {
        if (hospital != null) {
            hospital.close();
        }
    }

    @Test
    void plainMailShouldReachInternalRecipientsInClearAndOutsideOverTls() throws Exception {
        String marker = marker();
        send("Lunch on Friday " + marker, "Shall we meet at noon? " + marker, NURSE, PATIENT, EXCHANGE_USER);

        assertThat(Mailboxes.text(mailboxes.awaitSubject(NURSE, marker))).contains("Shall we meet at noon?");
        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 2);
        assertThat(outside.receivedWith(marker)).extracting(r -> r.envelopeTo)
            .containsExactlyInAnyOrder(PATIENT, EXCHANGE_USER);
        assertThat(outside.receivedWith(marker).get(0).raw).contains("Shall we meet at noon?");
    }

    @Test
    void outsideMailOneAfterAnotherShouldTravelOverOneConnectionToTheSmarthost() throws Exception {
        int before = outside.sessions();
        for (int i = 0; i < 3; i++) {
            String marker = marker();
            send("Lunch " + i + " " + marker, "Noon? " + marker, PATIENT);
            await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
        }
        // One new connection at most: the outbound RemoteDelivery's may still be open from an earlier test.
        assertThat(outside.sessions() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void triggeredMailShouldBeSealedForOutsideRecipientsAndStayClearInside() throws Exception {
        String marker = marker();
        send("ePHI: Regarding Your Appointment " + marker, "Your biopsy results are ready. " + marker,
            NURSE, PATIENT, SECOND_PATIENT, EXCHANGE_USER);

        assertThat(Mailboxes.text(mailboxes.awaitSubject(NURSE, marker))).contains("biopsy results");
        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 3);
        // The trusted (Exchange) recipient is internal: the message itself, in clear, over the internal route.
        assertThat(received(marker, EXCHANGE_USER).raw).contains("biopsy results");
        // Outside recipients get a notification each: subject without the trigger word, their own link, no content.
        ExternalSmtpServer.Received first = received(marker, PATIENT);
        ExternalSmtpServer.Received second = received(marker, SECOND_PATIENT);
        for (ExternalSmtpServer.Received notice : List.of(first, second)) {
            assertThat(notice.message.getSubject()).isEqualTo("Secure message from Dr Meredith Grey: Regarding Your Appointment " + marker);
            assertThat(notice.raw).doesNotContain("biopsy").doesNotContain("ePHI:").contains(settings.portalUrl() + "/m/");
        }
        assertThat(link(first)).isNotEqualTo(link(second));
        Message confirmation = mailboxes.awaitSubject(SENDER, "Sent securely: Regarding Your Appointment " + marker);
        assertThat(Mailboxes.text(confirmation)).doesNotContain("biopsy");
        assertThat(Mailboxes.vaultDump(settings.dataDir())).contains(PATIENT).doesNotContain("biopsy").doesNotContain(marker);
    }

    @Test
    void aTriggeredSubjectHoldingPhiShouldReachTheOutsideOnlyAsANeutralSubject() throws Exception {
        String marker = marker();
        // The subject names nothing the outside may see; the recipient's address is what finds the notification.
        String patient = "p-" + UUID.randomUUID() + "@outside.test";
        send("PHI: Jane Roe SSN 536-22-8845 HIV positive " + marker, "Results attached. " + marker, patient);

        await().atMost(PATIENCE).until(() -> outside.received().stream().anyMatch(r -> r.envelopeTo.equals(patient)));
        ExternalSmtpServer.Received notice = outside.received().stream().filter(r -> r.envelopeTo.equals(patient)).findFirst().orElseThrow();
        assertThat(notice.message.getSubject()).isEqualTo("Secure message from Dr Meredith Grey");
        assertThat(notice.raw).doesNotContain("536-22-8845").doesNotContain("HIV").doesNotContain("Jane Roe").doesNotContain(marker)
            .contains(settings.portalUrl() + "/m/");
        Message confirmation = mailboxes.awaitSubject(SENDER, "Sent securely:", marker);
        assertThat(Mailboxes.text(confirmation)).contains("neutral subject");
        assertThat(outside.received()).noneMatch(r -> r.raw.contains("536-22-8845"));
    }

    @Test
    void dlpFlaggedMailShouldBeSealedAndTheSenderTold() throws Exception {
        String marker = marker();
        send("Follow-up " + marker, "Patient SSN 536-22-8845, please call. " + marker, NURSE, PATIENT);

        assertThat(Mailboxes.text(mailboxes.awaitSubject(NURSE, marker))).contains("536-22-8845");
        Message notice = mailboxes.awaitSubject(SENDER, "Your message is being sent securely", marker);
        assertThat(Mailboxes.text(notice)).contains("***-**-8845").doesNotContain("536-22-8845");
        mailboxes.awaitSubject(SENDER, "Sent securely: Follow-up " + marker);
        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
        assertThat(received(marker, PATIENT).raw).doesNotContain("536-22-8845").doesNotContain("please call");
        assertThat(outside.received()).noneMatch(r -> r.raw.contains("536-22-8845"));
    }

    @Test
    void aNotificationTheRecipientsServerRefusesShouldGiveTheSenderADsn() throws Exception {
        String marker = marker();
        outside.refuse(REFUSED);
        send("Secure: Discharge summary " + marker, "Discharge summary attached. " + marker, REFUSED);

        Message dsn = mailboxes.awaitWhere(SENDER, m -> Mailboxes.isReport(m) && Mailboxes.dsnMentions(m, REFUSED));
        MimeMultipart report = (MimeMultipart) dsn.getContent();
        assertThat(new javax.mail.internet.ContentType(report.getContentType()).getParameter("report-type")).isEqualTo("delivery-status");
        String status = Mailboxes.partText(report, "message/delivery-status");
        assertThat(status).containsIgnoringCase("Final-Recipient: rfc822; " + REFUSED).containsIgnoringCase("Action: failed");
        // RFC 3464: a bare status code; the remote reply in Diagnostic-Code and the text; a subject that says what happened.
        assertThat(status).containsPattern("(?m)^Status: 5\\.1\\.1\\s*$").contains("Diagnostic-Code: smtp; 550 5.1.1");
        assertThat(dsn.getSubject()).startsWith("Undelivered: Secure message from Dr Meredith Grey");
        assertThat(Mailboxes.text(dsn)).contains("mailbox unavailable");
        for (int i = 0; i < report.getCount(); i++) {
            assertThat(Mailboxes.text(report.getBodyPart(i))).as("part " + (i + 1) + " of the DSN").isNotBlank();
        }
        assertThat(Mailboxes.text(dsn) + status).doesNotContain("Discharge summary attached");
        await().atMost(PATIENCE).until(() -> Mailboxes.vaultDump(settings.dataDir()).contains("UNDELIVERABLE"));
    }

    @Test
    void theRecipientShouldReadTheMessageOnThePortalAndTheSenderGetAReceipt() throws Exception {
        String marker = marker();
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(SENDER, "Dr Meredith Grey"));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(PATIENT));
        message.setSubject("Secure: Scan report " + marker);
        javax.mail.internet.MimeBodyPart text = new javax.mail.internet.MimeBodyPart();
        text.setText("Your MRI shows no change. " + marker, "UTF-8");
        javax.mail.internet.MimeBodyPart pdf = new javax.mail.internet.MimeBodyPart();
        pdf.setContent("%PDF-1.4 scan " + marker, "application/pdf");
        pdf.setFileName("scan.pdf");
        message.setContent(new MimeMultipart(text, pdf));
        Transport.send(message);

        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
        String token = link(received(marker, PATIENT));
        io.securemessenger.portal.Browser browser = new io.securemessenger.portal.Browser(javax.net.ssl.SSLContext.getDefault(), settings.portalPort());
        browser.get("/m/" + token);
        assertThat(browser.location()).contains("/register");
        browser.get("/register");
        browser.post("/register", "first", "Pat", "last", "Smith", "password", "plum orchard under snow", "confirm", "plum orchard under snow",
            "hint", "winter fruit trees");
        String messagePath = browser.location().orElseThrow();
        browser.get(messagePath);

        assertThat(browser.last.statusCode()).isEqualTo(200);
        assertThat(browser.text()).contains("Your MRI shows no change").contains("Scan report " + marker).contains("scan.pdf");
        Message receipt = mailboxes.awaitSubject(SENDER, "Opened by " + PATIENT + ": Scan report " + marker);
        assertThat(Mailboxes.text(receipt)).doesNotContain("MRI");

        // The patient replies on the portal with an attachment: the doctor gets it in clear, as internal mail.
        browser.postMultipart(messagePath + "/reply", java.util.Map.of("diary.txt", ("pressure diary " + marker).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "body", "Thank you. " + marker, "action", "reply");
        assertThat(browser.last.statusCode()).isEqualTo(303);
        Message reply = mailboxes.awaitSubject(SENDER, "Re: Scan report " + marker);
        assertThat(reply.getFrom()[0].toString()).contains(PATIENT);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        reply.writeTo(raw);
        assertThat(raw.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("Thank you. " + marker).contains("diary.txt");
        assertThat(outside.received()).noneMatch(r -> r.raw.contains("Thank you. " + marker));

        // The doctor signs in to the portal with the James password and follows the message under Sent Items.
        io.securemessenger.portal.Browser doctor = new io.securemessenger.portal.Browser(javax.net.ssl.SSLContext.getDefault(), settings.portalPort());
        doctor.get("/sign-in");
        doctor.post("/sign-in", "email", SENDER, "password", PASSWORD);
        assertThat(doctor.location()).contains("/sent");
        doctor.get("/sent");
        assertThat(doctor.text()).contains("Scan report " + marker).contains(PATIENT).contains("Retrieved").contains("Replied");
    }

    @Test
    void submissionShouldRefuseUnauthenticatedSenders() {
        String marker = marker();
        assertThatThrownBy(() -> submit("Hi " + marker, "unauthenticated " + marker, Optional.empty(), PATIENT))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("530");
    }

    @Test
    void submissionShouldRefuseUnauthenticatedMailEvenToLocalMailboxes() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(settings.submissionPort()));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(PATIENT));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(NURSE));
        message.setSubject("Hello");
        message.setText("from outside");

        assertThatThrownBy(() -> Transport.send(message))
            .isInstanceOf(MessagingException.class).hasMessageContaining("530");
    }

    @Test
    void submissionShouldRelayAfterStartTlsAndAuth() throws Exception {
        String marker = marker();
        submit("Hi " + marker, "authenticated " + marker, Optional.of(PASSWORD), PATIENT);

        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
        assertThat(outside.receivedWith(marker).get(0).envelopeFrom).isEqualTo(SENDER);
    }

    @Test
    void aliasesAndDomainsChangedWithWebAdminShouldApplyToTheVeryNextMail() throws Exception {
        // James' domain list and rewrite table answer from memory; a change made here must not wait for it to expire.
        WebAdmin webAdmin = new WebAdmin(settings.webAdminPort());
        String id = UUID.randomUUID().toString().substring(0, 8);
        String ward = "ward-" + id + "@hospital.test";
        assertThatThrownBy(() -> send("Rota " + marker(), "Night shift rota", ward)).isInstanceOf(MessagingException.class);
        assertThat(webAdmin.put("/address/aliases/" + NURSE + "/sources/" + ward, "").statusCode()).isEqualTo(204);
        String rota = marker();
        send("Rota " + rota, "Night shift rota " + rota, ward);
        assertThat(Mailboxes.text(mailboxes.awaitSubject(NURSE, rota))).contains("Night shift rota");
        assertThat(webAdmin.delete("/address/aliases/" + NURSE + "/sources/" + ward).statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> send("Rota " + marker(), "Night shift rota", ward)).isInstanceOf(MessagingException.class);

        String doctor = "dr.who@clinic-" + id + ".test";
        String before = marker();
        send("Referral " + before, "Referral letter " + before, doctor);
        await().atMost(PATIENCE).until(() -> outside.receivedWith(before).size() == 1);
        assertThat(webAdmin.put("/domains/clinic-" + id + ".test", "").statusCode()).isEqualTo(204);
        hospital.addUsers(PASSWORD, doctor);
        String after = marker();
        send("Referral " + after, "Referral letter " + after, doctor);
        assertThat(Mailboxes.text(mailboxes.awaitSubject(doctor, after))).contains("Referral letter");
        assertThat(outside.receivedWith(after)).isEmpty();
    }

    @Test
    void anAutomaticForwardToTheOutsideShouldGoBackToItsOwnerWhoIsToldAndBeAnIncident() throws Exception {
        WebAdmin webAdmin = new WebAdmin(settings.webAdminPort());
        String forward = "/address/forwards/" + NURSE + "/targets/nurse.home@outside.test";
        assertThat(webAdmin.put(forward, "").statusCode()).isEqualTo(204);
        try {
            // A James forward of the nurse's mail to her home address.
            String marker = marker();
            TestServers.relay(settings.smtpPort(), "Lab <lab@partner.test>", "Results " + marker, "Potassium 4.1 " + marker, NURSE);
            assertThat(Mailboxes.text(mailboxes.awaitSubject(NURSE, "Results " + marker))).as("back in her mailbox").contains("Potassium 4.1");
            Message notice = mailboxes.awaitSubject(NURSE, "Automatic forwarding outside");
            assertThat(Mailboxes.text(notice)).contains("nurse.home@outside.test").contains("James forward").doesNotContain("Potassium");

            // A mail client's automatic forward, marked as such, from a user of the relay network.
            String second = marker();
            MimeMessage forwarded = new MimeMessage(javax.mail.Session.getInstance(new Properties()));
            forwarded.setFrom(new InternetAddress(SENDER));
            forwarded.setRecipients(Message.RecipientType.TO, "me@gmail.test");
            forwarded.setSubject("Fwd: Admission " + second);
            forwarded.setHeader("Auto-Submitted", "auto-forwarded");
            forwarded.setText("Admitted today " + second);
            Properties props = new Properties();
            props.put("mail.smtp.host", "localhost");
            props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
            javax.mail.Transport.send(new MimeMessage(javax.mail.Session.getInstance(props), new java.io.ByteArrayInputStream(raw(forwarded))));
            assertThat(Mailboxes.text(mailboxes.awaitSubject(SENDER, "Fwd: Admission " + second))).contains("Admitted today");

            java.net.http.HttpResponse<String> incidents = webAdmin.get("/officer/incidents");
            assertThat(incidents.body()).contains("\"rule\":\"automatic-forward\"").contains("\"action\":\"refused\"")
                .contains("\"sender\":\"" + NURSE + "\"").contains("\"sample\":\"Auto-Submitted: auto-forwarded\"");
            assertThat(outside.receivedWith(marker)).as("nothing left through the forward").isEmpty();
            assertThat(outside.receivedWith(second)).isEmpty();
        } finally {
            webAdmin.delete(forward);
        }
    }

    private static byte[] raw(MimeMessage message) throws Exception {
        message.saveChanges();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    private void send(String subject, String body, String... recipients) throws Exception {
        TestServers.relay(settings.smtpPort(), "Dr Meredith Grey <" + SENDER + ">", subject, body, recipients);
    }

    private void submit(String subject, String body, Optional<String> password, String... recipients) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(settings.submissionPort()));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.auth", String.valueOf(password.isPresent()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(SENDER));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        if (password.isPresent()) {
            Transport.send(message, SENDER, password.get());
        } else {
            Transport.send(message);
        }
    }

    private ExternalSmtpServer.Received received(String marker, String recipient) {
        return outside.receivedWith(marker).stream().filter(r -> r.envelopeTo.equals(recipient)).findFirst().orElseThrow();
    }

    private String link(ExternalSmtpServer.Received notice) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(settings.portalUrl() + "/m/") + "([A-Za-z0-9_-]{43})").matcher(notice.raw);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
