package io.securemessenger.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.DeliveryStore;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal over real HTTPS, against a real (Derby) vault: links, registration, sign-in,
 * reading, attachments, sessions, CSRF, throttling, headers, and who may see what.
 */
class PortalHttpTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String PATIENT = "patient@outside.example";
    private static final String CARER = "carer@elsewhere.example";
    private static final String PASSWORD = "plum orchard under snow";
    private static final byte[] PDF = "%PDF-1.4 biopsy report bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private Vault vault;
    private PortalServer portal;
    private TestKeystore keystore;
    private MutableClock clock;
    private final List<String> receipts = new CopyOnWriteArrayList<>();
    private final List<SentReply> sentReplies = new CopyOnWriteArrayList<>();
    private final List<List<String>> resetMails = new CopyOnWriteArrayList<>();
    /** The organisation's users and their (James) passwords. */
    private final InternalDirectory staff = new StaffDirectory(java.util.Map.of("dr.grey@hospital.example", "grey's own password",
        "dr.house@hospital.example", "house's own password"));

    /** A reply the portal handed to the mail system. */
    private static final class SentReply {
        final String vaultId;
        final MimeMessage message;
        final String from;
        final List<String> recipients;

        SentReply(String vaultId, MimeMessage message, String from, List<String> recipients) {
            this.vaultId = vaultId;
            this.message = message;
            this.from = from;
            this.recipients = recipients;
        }
    }
    private DeliveryStore.Created patientDelivery;
    private DeliveryStore.Created carerDelivery;

    @BeforeEach
    void start() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        keystore = TestKeystore.create(dir);
        clock = new MutableClock(T0);
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
            .organisation("Example Health").maxReplyBytes(64 * 1024).build(), (delivery, at) -> receipts.add(delivery.id() + "@" + at),
            (id, reply, from, recipients) -> sentReplies.add(new SentReply(id, reply, from, recipients)),
            (address, hint, link, expires) -> resetMails.add(List.of(address, hint, link, expires.toString())), staff, PortalHttpTest.NO_OFFICER, clock);
        ByteArrayOutputStream mime = new ByteArrayOutputStream();
        message().writeTo(mime);
        vault.messages().seal("msg-1", "dr.grey@hospital.example", vault.keyRing(), T0, T0.plus(Duration.ofDays(30)),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream(mime.toByteArray())),
                SealedMessageStore.Part.of(MessageSummary.PART, new MessageSummary("Lab results", T0, List.of(PATIENT, CARER),
                    List.of(new MessageSummary.Attachment("results.pdf", PDF.length))).toStream())));
        patientDelivery = vault.deliveries().create("msg-1", PATIENT, T0);
        carerDelivery = vault.deliveries().create("msg-1", CARER, T0);
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        vault.close();
    }

    /** Officers' notices: no officer acts in these tests. */
    static final OfficerNotices NO_OFFICER = new OfficerNotices() {
        @Override
        public void resendNotification(String deliveryId, String recipient, String senderName, String senderAddress,
                                       java.util.Optional<String> subject, String link, Instant expires) {
            throw new AssertionError("no officer resends a notification in these tests");
        }

        @Override
        public void emergencyAccess(List<String> to, String officer, String messageId, String sender, Instant sealedAt, String reason,
                                    Instant at) {
            throw new AssertionError("no officer opens a message in these tests");
        }
    };

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("dr.grey@hospital.example", "Dr Meredith Grey"));
        message.setRecipients(Message.RecipientType.TO, PATIENT + ", " + CARER);
        message.setSubject("Secure: Lab results");
        message.setSentDate(java.util.Date.from(T0));
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Your biopsy results are benign.", "UTF-8");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<p>Your biopsy results are <b>benign</b>.</p><script>steal()</script><img src=\"https://tracker.example/p.gif\">"
            + "<a href=\"javascript:alert(1)\" onclick=\"x()\">click</a>", "UTF-8", "html");
        alternative.addBodyPart(html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(PDF, "application/pdf");
        attachment.setFileName("../../results \"final\".pdf");
        attachment.setDisposition("attachment");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private Browser browser() {
        return new Browser(keystore.clientContext, portal.port());
    }

    /** Follows the link and registers; returns the signed-in browser on the message page. */
    private Browser registered(String token) throws Exception {
        Browser browser = browser();
        browser.get("/m/" + token);
        browser.get("/register");
        browser.post("/register", "first", "Pat", "last", "Smith", "password", PASSWORD, "confirm", PASSWORD, "hint", "winter fruit trees");
        assertThat(browser.last.statusCode()).as(browser.text()).isEqualTo(303);
        return browser;
    }

    private static String attachmentLink(String page) {
        Matcher m = Pattern.compile("href=\"(/messages/[A-Za-z0-9_-]+/attachments/[0-9a-f]{32})\"").matcher(page);
        assertThat(m.find()).as("an attachment link").isTrue();
        return m.group(1);
    }

    @Test
    void aLinkShouldLeadToRegistrationThenToTheMessageAndItsAttachment() throws Exception {
        Browser browser = browser();

        browser.get("/m/" + patientDelivery.token().value());
        assertThat(browser.last.statusCode()).isEqualTo(303);
        assertThat(browser.location()).contains("/register");
        assertThat(browser.text()).doesNotContain("biopsy");
        String anonymous = browser.cookie().orElseThrow();
        assertThat(browser.last.headers().allValues("Set-Cookie")).anySatisfy(c ->
            assertThat(c).startsWith("__Host-sm-session=").contains("; Path=/").contains("; Secure").contains("; HttpOnly").contains("; SameSite=Strict")
                .doesNotContain("Domain="));

        browser.get("/register");
        assertThat(browser.text()).contains(PATIENT).contains("dr.grey@hospital.example").contains("Password hint phrase");
        browser.post("/register", "first", "Pat", "last", "Smith", "password", PASSWORD, "confirm", PASSWORD, "hint", "winter fruit trees");
        assertThat(browser.last.statusCode()).isEqualTo(303);
        assertThat(browser.location()).contains("/messages/" + patientDelivery.deliveryId());
        assertThat(browser.cookie()).as("a new session id at sign-in").isPresent().isNotEqualTo(java.util.Optional.of(anonymous));

        browser.get("/messages/" + patientDelivery.deliveryId());
        String page = browser.text();
        assertThat(page).contains("Lab results").doesNotContain("Secure: Lab").contains("Your biopsy results are <b>benign</b>")
            .doesNotContain("<script").doesNotContain("steal()").doesNotContain("tracker.example").doesNotContain("javascript:")
            .doesNotContain("onclick").contains("Dr Meredith Grey").contains("results").contains("28 bytes");
        assertThat(receipts).singleElement().asString().startsWith(patientDelivery.deliveryId());

        browser.get(attachmentLink(page));
        assertThat(browser.last.statusCode()).isEqualTo(200);
        assertThat(browser.last.body()).isEqualTo(PDF);
        assertThat(browser.last.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(browser.last.headers().firstValue("Content-Disposition").orElseThrow())
            .startsWith("attachment; filename=\"results final.pdf\"").doesNotContain("..").doesNotContain("/");

        browser.get("/messages/" + patientDelivery.deliveryId());
        assertThat(receipts).as("the receipt goes once").hasSize(1);
        Delivery delivery = vault.deliveries().find(patientDelivery.deliveryId()).orElseThrow();
        assertThat(delivery.reached(DeliveryStatus.RETRIEVED)).isTrue();
        String audit = auditActions();
        assertThat(audit).contains("SIGN_IN").contains("VIEW").contains("DOWNLOAD");
    }

    @Test
    void aMessageShouldBeReadWholeOnceThenShownFromItsSealedPage() throws Exception {
        assertThat(vault.messages().partIds("msg-1")).doesNotContain("page");
        Browser patient = registered(patientDelivery.token().value());
        patient.get("/messages/" + patientDelivery.deliveryId());
        assertThat(vault.messages().partIds("msg-1")).as("kept after the first view").contains("page");
        assertThat(storedChunks()).doesNotContain("biopsy");

        // Without the whole message, a later view shows the same page from the kept one alone.
        vaultUpdate("DELETE FROM vault_part WHERE message_id = 'msg-1' AND part_id = 'message'");
        Browser carer = registered(carerDelivery.token().value());
        carer.get("/messages/" + carerDelivery.deliveryId());

        assertThat(carer.last.statusCode()).isEqualTo(200);
        assertThat(carer.text()).contains("Lab results").contains("Your biopsy results are <b>benign</b>").doesNotContain("<script")
            .contains("Dr Meredith Grey").contains("28 bytes").contains(attachmentLink(patient.text()).replace(patientDelivery.deliveryId(),
                carerDelivery.deliveryId()));
        assertThat(auditActions()).contains("VIEW");
    }

    @Test
    void aKeptPageThatCannotBeReadShouldGiveWayToTheWholeMessage() throws Exception {
        Browser patient = registered(patientDelivery.token().value());
        patient.get("/messages/" + patientDelivery.deliveryId());
        // The summary's ciphertext in its place: sealed for another part, it does not authenticate as the page.
        vaultUpdate("UPDATE vault_part_chunk SET data = (SELECT data FROM vault_part_chunk WHERE message_id = 'msg-1' AND part_id = 'summary')"
            + " WHERE message_id = 'msg-1' AND part_id = 'page'");

        patient.get("/messages/" + patientDelivery.deliveryId());

        assertThat(patient.last.statusCode()).isEqualTo(200);
        assertThat(patient.text()).contains("Your biopsy results are <b>benign</b>").contains("28 bytes");
    }

    private java.sql.Connection vaultConnection() throws Exception {
        return new org.apache.derby.jdbc.EmbeddedDataSource() {
            {
                setDatabaseName(dir.resolve("vault/db").toString());
            }
        }.getConnection();
    }

    private void vaultUpdate(String sql) throws Exception {
        try (java.sql.Connection c = vaultConnection()) {
            assertThat(c.createStatement().executeUpdate(sql)).as(sql).isPositive();
        }
    }

    /** Every stored chunk of ciphertext, as Latin-1 text to search. */
    private String storedChunks() throws Exception {
        StringBuilder dump = new StringBuilder();
        try (java.sql.Connection c = vaultConnection(); java.sql.ResultSet rows = c.createStatement().executeQuery("SELECT data FROM vault_part_chunk")) {
            while (rows.next()) {
                dump.append(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return dump.toString();
    }

    private String auditActions() throws Exception {
        StringBuilder actions = new StringBuilder();
        try (java.sql.Connection c = vaultConnection(); java.sql.ResultSet rows = c.createStatement().executeQuery("SELECT action FROM vault_audit")) {
            while (rows.next()) {
                actions.append(rows.getString(1)).append(' ');
            }
        }
        return actions.toString();
    }

    @Test
    void aLinkAloneShouldNeverShowContent() throws Exception {
        Browser browser = browser();

        browser.get("/m/" + patientDelivery.token().value());
        browser.get("/messages/" + patientDelivery.deliveryId());

        assertThat(browser.last.statusCode()).isEqualTo(303);
        assertThat(browser.location()).contains("/sign-in");
        assertThat(browser.text()).doesNotContain("biopsy");
        browser.get("/m/" + patientDelivery.token().value().substring(1) + "x");
        assertThat(browser.last.statusCode()).isEqualTo(404);
    }

    @Test
    void nobodyShouldSeeAnotherPersonsMessageOrAttachmentWhateverTheUrl() throws Exception {
        Browser patient = registered(patientDelivery.token().value());
        patient.get("/messages/" + patientDelivery.deliveryId());
        String attachment = attachmentLink(patient.text());
        Browser carer = registered(carerDelivery.token().value());
        Browser anonymous = browser();

        for (String path : List.of("/messages/" + patientDelivery.deliveryId(), attachment)) {
            carer.get(path);
            assertThat(carer.last.statusCode()).as("the carer, " + path).isEqualTo(404);
            assertThat(carer.text()).doesNotContain("biopsy");
            anonymous.get(path);
            assertThat(anonymous.last.statusCode()).as("anonymous, " + path).isEqualTo(303);
            assertThat(anonymous.location()).contains("/sign-in");
        }
        carer.get(attachment.replace(patientDelivery.deliveryId(), carerDelivery.deliveryId()));
        assertThat(carer.last.statusCode()).as("an attachment id of one delivery is not valid in another's URL... unless same message")
            .isIn(200, 404);
        patient.get("/messages/no-such-delivery");
        assertThat(patient.last.statusCode()).isEqualTo(404);
        patient.get("/messages/" + patientDelivery.deliveryId() + "/attachments/" + "0".repeat(32));
        assertThat(patient.last.statusCode()).isEqualTo(404);
        carer.get("/m/" + patientDelivery.token().value());
        assertThat(carer.text()).contains("This message is for another address").doesNotContain("biopsy");
    }

    @Test
    void everyStateChangeShouldNeedTheSessionsCsrfToken() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        Browser other = browser();
        other.get("/sign-in");

        browser.post("/sign-out", "csrf", "");
        assertThat(browser.last.statusCode()).isEqualTo(403);
        browser.post("/sign-out", "csrf", other.csrf());
        assertThat(browser.last.statusCode()).as("another session's token").isEqualTo(403);
        browser.get("/");
        assertThat(browser.last.statusCode()).as("still signed in").isEqualTo(200);

        browser.post("/sign-out");
        assertThat(browser.last.statusCode()).isEqualTo(303);
        browser.get("/");
        assertThat(browser.location()).contains("/sign-in");
    }

    @Test
    void signInShouldFailAlikeForUnknownAddressesAndWrongPasswordsAndSlowDownGuessing() throws Exception {
        registered(patientDelivery.token().value());
        Browser attacker = browser();
        attacker.get("/sign-in");
        attacker.post("/sign-in", "email", "nobody@outside.example", "password", PASSWORD);
        String unknown = attacker.text().replaceAll("value=\"[^\"]*\"", "");
        attacker.post("/sign-in", "email", PATIENT, "password", "wrong password guess");
        String wrong = attacker.text().replaceAll("value=\"[^\"]*\"", "");
        assertThat(attacker.last.statusCode()).isEqualTo(401);
        assertThat(wrong).isEqualTo(unknown);

        for (int i = 0; i < 3; i++) {
            attacker.post("/sign-in", "email", PATIENT, "password", "wrong password " + i);
        }
        attacker.post("/sign-in", "email", PATIENT, "password", PASSWORD);
        assertThat(attacker.last.statusCode()).as("locked after repeated failures, even with the right password").isEqualTo(401);

        clock.advance(Duration.ofSeconds(5));
        attacker.post("/sign-in", "email", PATIENT, "password", PASSWORD);
        assertThat(attacker.last.statusCode()).as("the lock is over").isEqualTo(303);
        assertThat(auditActions()).contains("SIGN_IN_FAILURE");
    }

    @Test
    void anIdleSessionShouldEndAfterFifteenMinutes() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        clock.advance(Duration.ofMinutes(14));
        browser.get("/");
        assertThat(browser.last.statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(16));
        browser.get("/messages/" + patientDelivery.deliveryId());

        assertThat(browser.last.statusCode()).isEqualTo(303);
        assertThat(browser.location()).contains("/sign-in?timed-out");
        browser.get("/sign-in?timed-out");
        assertThat(browser.text()).contains("signed out after 15 minutes");
    }

    @Test
    void registrationShouldRefuseWeakPasswordsAndHintsThatGiveThemAway() throws Exception {
        Browser browser = browser();
        browser.get("/m/" + patientDelivery.token().value());
        browser.get("/register");

        for (List<String> bad : List.of(List.of("short pw", "short pw", "a hint", "at least 12"),
            List.of(PASSWORD, PASSWORD + "x", "a hint", "not the same"),
            List.of("password1234", "password1234", "a hint", "too common"),
            List.of(PASSWORD, PASSWORD, "it is Plum Orchard under snow!", "must not contain your password"))) {
            browser.post("/register", "first", "Pat", "last", "Smith", "password", bad.get(0), "confirm", bad.get(1), "hint", bad.get(2));
            assertThat(browser.last.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(browser.text()).contains(bad.get(3)).doesNotContain(bad.get(0) + "\"");
        }
        assertThat(vault.accounts().find(PATIENT)).isEmpty();
    }

    @Test
    void everyResponseShouldCarryTheSecurityHeaders() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        for (String path : List.of("/", "/sign-in", "/static/portal.css", "/nowhere", "/m/bad", "/messages/" + patientDelivery.deliveryId())) {
            HttpResponse<byte[]> response = browser.get(path);
            assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path).contains("max-age=31536000; includeSubDomains");
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
                .contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(response.headers().firstValue("Cache-Control")).as(path).contains("no-store");
            assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
        }
        assertThat(browser.text()).doesNotContain("<script").doesNotContain("style=");
    }

    @Test
    void anExpiredMessageShouldSaySoInsteadOfOpening() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        vault.expire(T0.plus(Duration.ofDays(31)), "retention");

        browser.get("/messages/" + patientDelivery.deliveryId());

        assertThat(browser.last.statusCode()).isEqualTo(410);
        assertThat(browser.text()).contains("This message has expired").doesNotContain("biopsy");
        browser.get("/");
        assertThat(browser.text()).contains("Expired");
    }

    @Test
    void aReplyShouldBeSealedInTheThreadHandedToTheMailSystemAndShownToItsWriter() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        browser.get("/messages/" + patientDelivery.deliveryId());
        clock.advance(Duration.ofMinutes(3));

        browser.postMultipart("/messages/" + patientDelivery.deliveryId() + "/reply",
            java.util.Map.of("my notes.txt", "blood pressure diary".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "body", "Thank you, doctor. My diary is attached.", "action", "reply");

        assertThat(browser.last.statusCode()).as(browser.text()).isEqualTo(303);
        assertThat(browser.location().orElseThrow()).endsWith("?replied");
        SentReply reply = sentReplies.get(0);
        assertThat(reply.from).isEqualTo(PATIENT);
        assertThat(reply.recipients).containsExactly("dr.grey@hospital.example");
        assertThat(reply.message.getSubject()).isEqualTo("Re: Lab results");
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        reply.message.writeTo(raw);
        assertThat(raw.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("My diary is attached").contains("my notes.txt")
            .contains("Pat Smith");
        assertThat(vault.records().threadOf("msg-1")).extracting(MessageRecords.Found::messageId).containsExactly("msg-1", reply.vaultId);
        assertThat(vault.records().sender(reply.vaultId)).contains(PATIENT);
        assertThat(vault.deliveries().find(patientDelivery.deliveryId()).orElseThrow().reached(DeliveryStatus.REPLIED)).isTrue();
        assertThat(auditActions()).contains("REPLY");

        browser.get("/messages/" + patientDelivery.deliveryId() + "?replied");
        assertThat(browser.text()).contains("Your reply was sent securely").contains("Your replies")
            .contains("Thank you, doctor. My diary is attached.").contains("my notes.txt");
        Browser carer = registered(carerDelivery.token().value());
        carer.get("/messages/" + carerDelivery.deliveryId());
        assertThat(carer.text()).as("a reply is its writer's").doesNotContain("My diary is attached");

        assertThat(browser.text()).contains("Available until").doesNotContain("unknown");
        vault.messages().destroyContent(reply.vaultId, clock.instant());
        browser.get("/messages/" + patientDelivery.deliveryId());
        assertThat(browser.text()).as("an expired reply has nothing left to show").doesNotContain("My diary is attached")
            .contains("Lab results");
    }

    @Test
    void replyAllShouldGoToTheSenderAndTheOtherParticipantsButNotTheWriter() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        browser.get("/messages/" + patientDelivery.deliveryId());

        browser.postMultipart("/messages/" + patientDelivery.deliveryId() + "/reply", java.util.Map.of(), "body", "Noted, thanks.", "action", "reply-all");

        assertThat(sentReplies).singleElement().satisfies(r -> assertThat(r.recipients).containsExactly("dr.grey@hospital.example", CARER));
    }

    @Test
    void anEmptyOrOversizedReplyShouldBeRefusedWithAReason() throws Exception {
        Browser browser = registered(patientDelivery.token().value());
        browser.get("/messages/" + patientDelivery.deliveryId());
        String path = "/messages/" + patientDelivery.deliveryId() + "/reply";

        browser.postMultipart(path, java.util.Map.of(), "body", "   ", "action", "reply");
        assertThat(browser.last.statusCode()).isEqualTo(400);
        assertThat(browser.text()).contains("Write your reply before sending it");
        browser.postMultipart(path, java.util.Map.of("big.bin", new byte[70 * 1024]), "body", "see attached", "action", "reply");
        assertThat(browser.last.statusCode()).isEqualTo(413);
        assertThat(browser.text()).contains("larger than 64 KB");
        assertThat(sentReplies).isEmpty();

        Browser carer = registered(carerDelivery.token().value());
        carer.get("/messages/" + carerDelivery.deliveryId());
        carer.postMultipart(path, java.util.Map.of(), "body", "hijack", "action", "reply");
        assertThat(carer.last.statusCode()).as("nobody replies through another person's delivery").isEqualTo(404);
        assertThat(sentReplies).isEmpty();
    }

    @Test
    void aForgottenPasswordShouldBeResetOnceWithALinkMailedWithTheHint() throws Exception {
        registered(patientDelivery.token().value());
        Browser browser = browser();
        browser.get("/forgot");
        browser.post("/forgot", "email", "Patient@Outside.Example");
        String answerForAccount = browser.text().replaceAll("(?i)patient@outside\\.example", "ADDRESS").replaceAll("value=\"[^\"]*\"", "");
        browser.post("/forgot", "email", "stranger@outside.example");
        String answerForStranger = browser.text().replaceAll("stranger@outside\\.example", "ADDRESS").replaceAll("value=\"[^\"]*\"", "");

        assertThat(answerForAccount).isEqualTo(answerForStranger).contains("If ADDRESS has an account").doesNotContain("winter fruit trees");
        portal.finishBackgroundWork();
        assertThat(resetMails).singleElement().satisfies(mail -> {
            assertThat(mail.get(0)).isEqualTo(PATIENT);
            assertThat(mail.get(1)).isEqualTo("winter fruit trees");
            assertThat(mail.get(2)).startsWith("https://localhost:8443/reset/");
            assertThat(java.time.Instant.parse(mail.get(3))).isEqualTo(T0.plus(Duration.ofHours(1)));
        });
        browser.post("/forgot", "email", PATIENT);
        portal.finishBackgroundWork();
        assertThat(resetMails).as("one mail per five minutes").hasSize(1);

        String path = resetMails.get(0).get(2).substring("https://localhost:8443".length());
        browser.get(path);
        assertThat(browser.text()).contains("Choose a new password").doesNotContain("winter fruit trees");
        browser.post(path, "password", "new garden path at dawn", "confirm", "new garden path at dawn", "hint", "morning walk");
        assertThat(browser.last.statusCode()).isEqualTo(303);
        assertThat(browser.location()).contains("/");
        browser.get("/");
        assertThat(browser.text()).contains("Lab results");

        Browser again = browser();
        again.get(path);
        assertThat(again.last.statusCode()).as("single use").isEqualTo(410);
        again.get("/sign-in");
        again.post("/sign-in", "email", PATIENT, "password", PASSWORD);
        assertThat(again.last.statusCode()).as("the old password").isEqualTo(401);
        again.post("/sign-in", "email", PATIENT, "password", "new garden path at dawn");
        assertThat(again.last.statusCode()).isEqualTo(303);
    }

    @Test
    void aResetLinkShouldExpireAfterAnHourAndEndOtherSessions() throws Exception {
        Browser signedIn = registered(patientDelivery.token().value());
        Browser browser = browser();
        browser.get("/forgot");
        browser.post("/forgot", "email", PATIENT);
        portal.finishBackgroundWork();
        String path = resetMails.get(0).get(2).substring("https://localhost:8443".length());

        clock.advance(Duration.ofMinutes(61));
        browser.get(path);
        assertThat(browser.last.statusCode()).isEqualTo(410);

        clock.advance(Duration.ofMinutes(5));
        browser.get("/forgot");
        browser.post("/forgot", "email", PATIENT);
        portal.finishBackgroundWork();
        String second = resetMails.get(1).get(2).substring("https://localhost:8443".length());
        browser.get(second);
        browser.post(second, "password", "new garden path at dawn", "confirm", "new garden path at dawn", "hint", "morning walk");
        assertThat(browser.last.statusCode()).isEqualTo(303);
        signedIn.get("/");
        assertThat(signedIn.last.statusCode()).as("sessions from before the reset end").isEqualTo(303);
    }

    private Browser staffMember(String address, String password) throws Exception {
        Browser browser = browser();
        browser.get("/sign-in");
        browser.post("/sign-in", "email", address, "password", password);
        assertThat(browser.last.statusCode()).as(address).isEqualTo(303);
        assertThat(browser.location()).contains("/sent");
        return browser;
    }

    @Test
    void aSenderShouldFollowEachRecipientAndRecallForOne() throws Exception {
        Browser patient = registered(patientDelivery.token().value());
        patient.get("/messages/" + patientDelivery.deliveryId());
        Browser grey = staffMember("dr.grey@hospital.example", "grey's own password");

        grey.get("/sent");
        assertThat(grey.text()).contains("Lab results").contains(PATIENT).contains(CARER).contains("Retrieved Tuesday 24 November 2026");
        grey.get("/sent/msg-1");
        assertThat(grey.text()).contains("Your biopsy results are").contains("Recall for all recipients");

        grey.post("/sent/msg-1/recall", "delivery", carerDelivery.deliveryId());
        assertThat(grey.last.statusCode()).isEqualTo(303);
        Browser carer = browser();
        carer.get("/m/" + carerDelivery.token().value());
        assertThat(carer.last.statusCode()).isEqualTo(410);
        assertThat(carer.text()).contains("withdrawn").doesNotContain("biopsy");
        patient.get("/messages/" + patientDelivery.deliveryId());
        assertThat(patient.last.statusCode()).as("the other recipient still reads it").isEqualTo(200);
        grey.get("/sent/msg-1");
        assertThat(grey.text()).contains("Recalled");
        assertThat(auditActions()).contains("RECALL");
    }

    @Test
    void sentItemsShouldBeTheSendersAlone() throws Exception {
        Browser house = staffMember("dr.house@hospital.example", "house's own password");
        Browser patient = registered(patientDelivery.token().value());

        house.get("/sent");
        assertThat(house.text()).doesNotContain("Lab results");
        house.get("/sent/msg-1");
        assertThat(house.last.statusCode()).isEqualTo(404);
        house.post("/sent/msg-1/recall");
        assertThat(house.last.statusCode()).isEqualTo(404);
        house.get("/messages/" + patientDelivery.deliveryId());
        assertThat(house.last.statusCode()).isEqualTo(404);
        patient.get("/sent/msg-1");
        assertThat(patient.last.statusCode()).isEqualTo(404);
        patient.get("/sent");
        assertThat(patient.last.statusCode()).isEqualTo(404);
        assertThat(vault.deliveries().find(patientDelivery.deliveryId()).orElseThrow().reached(DeliveryStatus.RECALLED)).isFalse();

        Browser impostor = browser();
        impostor.get("/sign-in");
        impostor.post("/sign-in", "email", "dr.grey@hospital.example", "password", "house's own password");
        assertThat(impostor.last.statusCode()).isEqualTo(401);
    }

    @Test
    void theSenderShouldReadTheRecipientsReplyInSentItems() throws Exception {
        Browser patient = registered(patientDelivery.token().value());
        patient.get("/messages/" + patientDelivery.deliveryId());
        clock.advance(Duration.ofMinutes(2));
        patient.postMultipart("/messages/" + patientDelivery.deliveryId() + "/reply", java.util.Map.of(), "body", "All clear, thanks!", "action", "reply");
        Browser grey = staffMember("dr.grey@hospital.example", "grey's own password");

        grey.get("/sent/msg-1");

        assertThat(grey.text()).contains("Replies").contains("All clear, thanks!").contains("Replied");
    }

    @Test
    void everyRouteShouldAnswerEachKindOfVisitorAsTheAuthorisationMatrixSays() throws Exception {
        Browser patient = registered(patientDelivery.token().value());
        patient.get("/messages/" + patientDelivery.deliveryId());
        String attachment = attachmentLink(patient.text());
        Browser carer = registered(carerDelivery.token().value());
        Browser grey = staffMember("dr.grey@hospital.example", "grey's own password");
        Browser house = staffMember("dr.house@hospital.example", "house's own password");
        Browser anonymous = browser();
        anonymous.get("/sign-in");
        java.util.Map<String, Browser> visitors = new java.util.LinkedHashMap<>();
        visitors.put("anonymous", anonymous);
        visitors.put("patient", patient);
        visitors.put("carer", carer);
        visitors.put("grey (sender)", grey);
        visitors.put("house (another sender)", house);
        String message = "/messages/" + patientDelivery.deliveryId();
        // route -> expected status for anonymous, patient, carer, grey, house
        java.util.Map<String, int[]> gets = new java.util.LinkedHashMap<>();
        gets.put("/", new int[] {303, 200, 200, 200, 200});
        gets.put(message, new int[] {303, 200, 404, 404, 404});
        gets.put(attachment, new int[] {303, 200, 404, 404, 404});
        gets.put("/sent", new int[] {303, 404, 404, 200, 200});
        gets.put("/sent/msg-1", new int[] {303, 404, 404, 200, 404});
        gets.put("/messages/" + carerDelivery.deliveryId(), new int[] {303, 404, 200, 404, 404});
        for (java.util.Map.Entry<String, int[]> route : gets.entrySet()) {
            int i = 0;
            for (java.util.Map.Entry<String, Browser> visitor : visitors.entrySet()) {
                visitor.getValue().get(route.getKey());
                assertThat(visitor.getValue().last.statusCode()).as("GET " + route.getKey() + " as " + visitor.getKey())
                    .isEqualTo(route.getValue()[i++]);
                if (visitor.getValue().last.statusCode() != 200) {
                    assertThat(visitor.getValue().text()).as("GET " + route.getKey() + " as " + visitor.getKey()).doesNotContain("biopsy");
                }
            }
        }
        // State changes: an empty reply (refused as empty only for the person it belongs to) and a recall.
        java.util.Map<String, int[]> posts = new java.util.LinkedHashMap<>();
        // Anonymous visitors hold a valid (anonymous) session's token here: they are sent to sign in.
        posts.put(message + "/reply", new int[] {303, 400, 404, 404, 404});
        posts.put("/sent/msg-1/recall", new int[] {303, 404, 404, 303, 404});
        for (java.util.Map.Entry<String, int[]> route : posts.entrySet()) {
            int i = 0;
            for (java.util.Map.Entry<String, Browser> visitor : visitors.entrySet()) {
                visitor.getValue().get(visitor.getKey().startsWith("grey") || visitor.getKey().startsWith("house") ? "/sent" : "/");
                visitor.getValue().post(route.getKey(), "body", "", "delivery", carerDelivery.deliveryId());
                assertThat(visitor.getValue().last.statusCode()).as("POST " + route.getKey() + " as " + visitor.getKey())
                    .isEqualTo(route.getValue()[i++]);
            }
        }
        assertThat(sentReplies).isEmpty();
        assertThat(vault.deliveries().find(patientDelivery.deliveryId()).orElseThrow().reached(DeliveryStatus.RECALLED)).isFalse();
        assertThat(vault.deliveries().find(carerDelivery.deliveryId()).orElseThrow().reached(DeliveryStatus.RECALLED)).as("grey's recall").isTrue();
    }

    @Test
    void anAccountUnusedForTheConfiguredTimeShouldRegisterAgainFromTheNextLink() throws Exception {
        portal.stop();
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
            .accountInactivity(java.util.Optional.of(Duration.ofDays(90))).build(), (d, at) -> { }, (id, r, f, to) -> { },
            (a, h, l, e) -> { }, staff, PortalHttpTest.NO_OFFICER, clock);
        registered(patientDelivery.token().value());

        clock.advance(Duration.ofDays(89));
        Browser soon = browser();
        soon.get("/m/" + patientDelivery.token().value());
        assertThat(soon.location()).as("still active").hasValueSatisfying(l -> assertThat(l).contains("/sign-in"));
        soon.get("/sign-in");
        soon.post("/sign-in", "email", PATIENT, "password", PASSWORD);
        assertThat(soon.last.statusCode()).isEqualTo(303);

        clock.advance(Duration.ofDays(91));
        Browser later = browser();
        later.get("/m/" + patientDelivery.token().value());
        assertThat(later.location()).as("expired for inactivity").hasValueSatisfying(l -> assertThat(l).endsWith("/register"));
        assertThat(vault.accounts().find(PATIENT)).isEmpty();
    }

    @Test
    void aSessionShouldEndAfterItsAbsoluteLifetimeEvenWhenActive() throws Exception {
        portal.stop();
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
            .idleTimeout(Duration.ofMinutes(15)).sessionLifetime(Duration.ofMinutes(40)).build(), (d, at) -> { }, (id, r, f, to) -> { },
            (a, h, l, e) -> { }, staff, PortalHttpTest.NO_OFFICER, clock);
        Browser browser = registered(patientDelivery.token().value());

        for (int minutes = 10; minutes <= 30; minutes += 10) {
            clock.advance(Duration.ofMinutes(10));
            browser.get("/");
            assertThat(browser.last.statusCode()).as("active after " + minutes + " minutes").isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(11));
        browser.get("/");

        assertThat(browser.last.statusCode()).isEqualTo(303);
        assertThat(browser.location()).hasValueSatisfying(l -> assertThat(l).contains("/sign-in"));
    }

    @Test
    void pagesShouldCarryTheOrganisationsNameLogoAndColour() throws Exception {
        byte[] logo = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
        Path logoFile = java.nio.file.Files.write(dir.resolve("logo.png"), logo);
        portal.stop();
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
            .organisation("Riverside Clinic").colour("#5a2d82").logo(java.util.Optional.of(logoFile)).build(), (d, at) -> { },
            (id, r, f, to) -> { }, (a, h, l, e) -> { }, staff, PortalHttpTest.NO_OFFICER, clock);
        Browser browser = browser();

        browser.get("/sign-in");
        assertThat(browser.text()).contains("Riverside Clinic Secure Messenger").contains("<img src=\"/static/logo\" alt=\"\"");
        browser.get("/static/logo");
        assertThat(browser.last.body()).isEqualTo(logo);
        assertThat(browser.last.headers().firstValue("Content-Type")).contains("image/png");
        browser.get("/static/portal.css");
        assertThat(browser.text()).contains("--brand: #5a2d82");
    }

    @Test
    void theDefaultOrganisationShouldNameTheSiteOnce() throws Exception {
        portal.stop();
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
            .organisation("Secure Messenger").build(), (d, at) -> { }, (id, r, f, to) -> { }, (a, h, l, e) -> { }, staff, PortalHttpTest.NO_OFFICER, clock);
        Browser browser = browser();

        browser.get("/sign-in");
        assertThat(browser.text()).contains("<title>Sign in – Secure Messenger</title>").doesNotContain("Secure Messenger Secure Messenger");
    }
}
