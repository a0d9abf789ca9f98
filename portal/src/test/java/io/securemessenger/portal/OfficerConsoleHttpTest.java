package io.securemessenger.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.securemessenger.portal.officer.Totp;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.audit.AuditQuery;
import io.securemessenger.vault.audit.AuditRecord;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.DeliveryStore;
import io.securemessenger.vault.store.MessageRecords;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance officer's sign-in (password, then TOTP, enrolled from a QR code shown once) and
 * the console's audit trail, over real HTTPS against a real (Derby) vault: who may reach each
 * officer route, codes accepted once, recovery codes, the trail filtered and exported, and every
 * officer act in the trail.
 */
class OfficerConsoleHttpTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:10Z");
    private static final String OFFICER = "privacy.officer@hospital.example";
    private static final String OFFICER_PASSWORD = "officer's directory password";
    private static final String SENDER = "dr.grey@hospital.example";
    private static final String SECOND_OFFICER = "ciso@hospital.example";
    private static final String SENDER_PASSWORD = "grey's own password";
    /** Every route of the console, as an officer's browser reaches it. */
    private static final List<String> OFFICER_ROUTES = List.of("/officer", "/officer/audit", "/officer/audit?action=VIEW",
        "/officer/audit.jsonl", "/officer/messages", "/officer/messages?recipient=patient@outside.example", "/officer/messages/msg-1", "/officer/incidents", "/officer/incidents?from=2026-12-01", "/officer/policy",
        "/officer/reports", "/officer/reports?by=week", "/officer/reports.csv");
    private static final PolicyInForce POLICY = PolicyInForce.of(List.of(new PolicyInForce.Section("Routing", List.of(
        new PolicyInForce.Setting("Trigger words (subject)", "ePHI:, PHI:, Secure:", "mailetcontainer.xml: SubjectTriggerMatcher"),
        new PolicyInForce.Setting("Trusted domains (internal, in clear)", "exchange.hospital.example", "mailetcontainer.xml")))));

    @TempDir
    Path dir;
    private Vault vault;
    private PortalServer portal;
    private TestKeystore keystore;
    private MutableClock clock;
    private DeliveryStore.Created delivery;
    private DeliveryStore.Created otherDelivery;
    private final Totp totp = new Totp();
    /** The emergency-access notices handed to the mail system: recipients, officer, message, sender, reason. */
    private final List<List<String>> emergencyNotices = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The notifications sent again: delivery, recipient, sender's name and address, subject, link, expiry. */
    private final List<List<String>> resentNotices = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether the mail system delivers a resent notification, and records it notified, before the hand-over returns. */
    private volatile boolean deliveredAtOnce;
    /** The organisation's users and their (directory) passwords. */
    private final InternalDirectory staff = new StaffDirectory(Map.of(SENDER, SENDER_PASSWORD, OFFICER, OFFICER_PASSWORD));

    @BeforeEach
    void start() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        keystore = TestKeystore.create(dir);
        clock = new MutableClock(T0);
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
            .officers(List.of("Privacy.Officer@Hospital.Example", SECOND_OFFICER)).policy(POLICY).build(), (d, at) -> { }, (id, reply, from, recipients) -> { },
            (address, hint, link, expires) -> { }, staff,
            new OfficerNotices() {
                @Override
                public void resendNotification(String deliveryId, String recipient, String senderName, String senderAddress,
                                               Optional<String> subject, String link, Instant expires) {
                    resentNotices.add(List.of(deliveryId, recipient, senderName, senderAddress, subject.orElse("(withheld)"), link,
                        expires.toString()));
                    if (deliveredAtOnce) {
                        try {
                            vault.deliveries().record(deliveryId, DeliveryStatus.NOTIFIED, clock.instant());
                        } catch (io.securemessenger.vault.store.VaultException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public void emergencyAccess(List<String> to, String officer, String messageId, String sender, Instant sealedAt, String reason,
                                            Instant at) {
                    emergencyNotices.add(List.of(String.join(",", to), officer, messageId, sender, reason));
                }
            }, clock);
        seal("msg-1", SENDER, new MessageSummary("Lab results", T0, List.of("patient@outside.example"), List.of()));
        seal("msg-2", "dr.house@hospital.example", new MessageSummary("Results for SSN 536-22-8845", T0.plusSeconds(60),
            List.of("other@elsewhere.example"), List.of()).withSubjectFlagged(true));
        delivery = vault.deliveries().create("msg-1", "patient@outside.example", T0);
        vault.deliveries().record(delivery.deliveryId(), DeliveryStatus.NOTIFIED, T0.plusSeconds(5));
        vault.deliveries().record(delivery.deliveryId(), DeliveryStatus.RETRIEVED, T0.plus(Duration.ofHours(1)));
        otherDelivery = vault.deliveries().create("msg-2", "other@elsewhere.example", T0.plusSeconds(60));
        vault.deliveries().record(otherDelivery.deliveryId(), DeliveryStatus.NOTIFIED, T0.plusSeconds(65));
        vault.incidents().record(List.of(new io.securemessenger.vault.incident.DlpIncident("msg-2", T0.plusSeconds(60),
            "dr.house@hospital.example", "hipaa", "ssn", io.securemessenger.vault.incident.DlpIncident.Location.SUBJECT, 1, "***-**-8845",
            "sealed"), new io.securemessenger.vault.incident.DlpIncident("msg-old", T0.minus(Duration.ofDays(10)), "nurse@clinic.example",
            "hipaa", "mrn", io.securemessenger.vault.incident.DlpIncident.Location.ATTACHMENT, 3, "MRN ****4821", "sealed")));
        vault.audit().append(AuditAction.SEAL, SENDER, "msg-1", "parts=1 recipients=1");
        vault.audit().append(AuditAction.VIEW, "patient@outside.example", delivery.deliveryId(), null);
        vault.audit().append(AuditAction.VIEW, "someone@else.example", "dlv-other", null);
    }

    private void seal(String id, String sender, MessageSummary summary) throws Exception {
        vault.messages().seal(id, sender, vault.keyRing(), summary.sentAt(), T0.plus(Duration.ofDays(30)), List.of(
            io.securemessenger.vault.store.SealedMessageStore.Part.of("message",
                new java.io.ByteArrayInputStream("Subject: x\r\n\r\nPotassium 4.1 mmol/L".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
            io.securemessenger.vault.store.SealedMessageStore.Part.of(MessageSummary.PART, summary.toStream())));
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        vault.close();
    }

    private Browser browser() {
        return new Browser(keystore.clientContext, portal.port());
    }

    /** Signs in with the officer's password: the browser now owes the second factor. */
    private Browser passwordGiven() throws Exception {
        Browser browser = browser();
        browser.get("/sign-in");
        browser.post("/sign-in", "email", "Privacy.Officer@hospital.example", "password", OFFICER_PASSWORD);
        assertThat(browser.last.statusCode()).as(browser.text()).isEqualTo(303);
        assertThat(browser.location()).contains("/officer/second-factor");
        return browser;
    }

    /** Enrols the officer from the QR code of the enrolment page; returns the secret and the recovery codes. */
    private Enrolled enrol(Browser browser) throws Exception {
        browser.get("/officer/second-factor");
        assertThat(browser.location()).as("not enrolled yet").contains("/officer/enrol");
        browser.get("/officer/enrol");
        assertThat(browser.last.statusCode()).isEqualTo(200);
        byte[] secret = secretOf(browser.text());
        String uri = decodeQr(browser.text());
        assertThat(uri).startsWith("otpauth://totp/Secure%20Messenger:privacy.officer%40hospital.example?secret=")
            .contains("secret=" + new Base32().encodeToString(secret).replace("=", "")).endsWith("&digits=6&period=30");
        browser.post("/officer/enrol", "code", totp.code(secret, clock.instant()));
        assertThat(browser.last.statusCode()).as(browser.text()).isEqualTo(200);
        Matcher codes = Pattern.compile("<li><code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</code></li>").matcher(browser.text());
        List<String> recovery = new ArrayList<>();
        while (codes.find()) {
            recovery.add(codes.group(1));
        }
        return new Enrolled(secret, recovery);
    }

    private static final class Enrolled {
        final byte[] secret;
        final List<String> recoveryCodes;

        Enrolled(byte[] secret, List<String> recoveryCodes) {
            this.secret = secret;
            this.recoveryCodes = recoveryCodes;
        }
    }

    private static byte[] secretOf(String page) {
        Matcher m = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>").matcher(page);
        assertThat(m.find()).as("the secret as text").isTrue();
        return new Base32().decode(m.group(1).replace(" ", ""));
    }

    /** Reads the page's QR code as a phone's camera would: the SVG's modules drawn as pixels, then decoded. */
    static String decodeQr(String page) throws Exception {
        Matcher box = Pattern.compile("<svg[^>]*viewBox=\"0 0 (\\d+) \\d+\"").matcher(page);
        assertThat(box.find()).as("an SVG QR code").isTrue();
        int modules = Integer.parseInt(box.group(1));
        int scale = 4;
        int[] pixels = new int[modules * scale * modules * scale];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher module = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(page);
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * modules * scale + x * scale + dx] = 0xFF000000;
                }
            }
        }
        // A pure barcode: the image is the code itself, square to the page, as the SVG draws it.
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(modules * scale, modules * scale, pixels))),
            Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    /** A code that none of the three steps around now has. */
    private String wrongCode(byte[] secret) {
        List<String> near = List.of(totp.code(secret, clock.instant().minusSeconds(30)), totp.code(secret, clock.instant()),
            totp.code(secret, clock.instant().plusSeconds(30)));
        return List.of("000000", "111111", "222222", "333333").stream().filter(c -> !near.contains(c)).findFirst().orElseThrow();
    }

    private List<String> actionsBy(String actor) throws Exception {
        List<String> actions = new ArrayList<>();
        for (AuditRecord record : vault.audit().search(AuditQuery.all().actor(Optional.of(actor)), 100)) {
            actions.add(0, record.action() + record.detail().map(d -> " " + d).orElse(""));
        }
        return actions;
    }

    @Test
    void anOfficerShouldEnrolFromTheQrCodeThenGivePasswordAndAFreshCodeAtEverySignIn() throws Exception {
        Browser browser = passwordGiven();
        browser.get("/officer");
        assertThat(browser.location()).as("nothing before the second factor").contains("/officer/second-factor");
        browser.get("/sent");
        assertThat(browser.last.statusCode()).as("not even their own Sent Items").isEqualTo(303);
        assertThat(browser.location()).contains("/sign-in");

        browser.get("/officer/enrol");
        byte[] shownFirst = secretOf(browser.text());
        Enrolled enrolled = enrol(browser);
        assertThat(enrolled.secret).as("a new secret each time the page is shown").isNotEqualTo(shownFirst);
        assertThat(enrolled.recoveryCodes).hasSize(10).doesNotHaveDuplicates();
        browser.get("/officer");
        assertThat(browser.last.statusCode()).isEqualTo(200);
        assertThat(browser.text()).contains("Audit trail intact").contains("You have 10 recovery codes left");

        // The next sign-in: the code of the enrolment's step was used, so it is refused until the next step.
        Browser again = passwordGiven();
        again.get("/officer/second-factor");
        assertThat(again.last.statusCode()).isEqualTo(200);
        again.post("/officer/second-factor", "code", totp.code(enrolled.secret, clock.instant()));
        assertThat(again.last.statusCode()).as("a replayed code").isEqualTo(401);
        assertThat(again.text()).contains("used already");
        again.post("/officer/second-factor", "code", wrongCode(enrolled.secret));
        assertThat(again.last.statusCode()).as("a wrong code").isEqualTo(401);
        clock.advance(Duration.ofSeconds(30));
        String fresh = totp.code(enrolled.secret, clock.instant());
        again.post("/officer/second-factor", "code", fresh.substring(0, 3) + " " + fresh.substring(3));
        assertThat(again.last.statusCode()).as(again.text()).isEqualTo(303);
        assertThat(again.location()).contains("/officer");
        again.get("/officer");
        assertThat(again.last.statusCode()).isEqualTo(200);
        assertThat(again.text()).contains("Compliance console").contains("Sign out");

        // Re-enrolling is not possible once enrolled: the page sends the officer to the code form.
        Browser third = passwordGiven();
        third.get("/officer/enrol");
        assertThat(third.location()).contains("/officer/second-factor");
        // A recovery code signs in once, in any case and spacing.
        String recovery = enrolled.recoveryCodes.get(3);
        third.get("/officer/second-factor");
        third.post("/officer/second-factor", "recovery", recovery.toLowerCase(java.util.Locale.ROOT).replace("-", " "));
        assertThat(third.last.statusCode()).isEqualTo(303);
        Browser fourth = passwordGiven();
        fourth.get("/officer/second-factor");
        fourth.post("/officer/second-factor", "recovery", recovery);
        assertThat(fourth.last.statusCode()).as("spent").isEqualTo(401);
        third.get("/officer");
        assertThat(third.text()).contains("You have 9 recovery codes left");

        assertThat(actionsBy(OFFICER)).containsExactly(
            "SECOND_FACTOR_ENROL totp, recovery-codes=10", "SIGN_IN officer",
            "SECOND_FACTOR_FAILURE code used before", "SECOND_FACTOR_FAILURE wrong code", "SIGN_IN officer",
            "RECOVERY_CODE_USED left=9", "SIGN_IN officer", "SECOND_FACTOR_FAILURE wrong recovery code");
    }

    @Test
    void aWrongCodeAtEnrolmentShouldNotEnrol() throws Exception {
        Browser browser = passwordGiven();
        browser.get("/officer/enrol");
        byte[] secret = secretOf(browser.text());
        browser.post("/officer/enrol", "code", wrongCode(secret));
        assertThat(browser.last.statusCode()).isEqualTo(401);
        assertThat(secretOf(browser.text())).as("the same secret, to try again").isEqualTo(secret);
        assertThat(vault.officers().find(OFFICER).orElseThrow().confirmed()).isFalse();
        browser.get("/officer");
        assertThat(browser.location()).contains("/officer/second-factor");
    }

    @Test
    void everyOfficerRouteShouldBeRefusedToWhoeverIsNotAnOfficerWithTheirSecondFactor() throws Exception {
        Browser officer = passwordGiven();
        Enrolled enrolled = enrol(officer);
        Browser pending = passwordGiven();
        Browser sender = browser();
        sender.get("/sign-in");
        sender.post("/sign-in", "email", SENDER, "password", SENDER_PASSWORD);
        assertThat(sender.location()).contains("/sent");
        Browser recipient = browser();
        recipient.get("/m/" + delivery.token().value());
        recipient.get("/register");
        recipient.post("/register", "first", "Pat", "last", "Smith", "password", "plum orchard under snow", "confirm",
            "plum orchard under snow", "hint", "winter");
        assertThat(recipient.last.statusCode()).as(recipient.text()).isEqualTo(303);
        Browser anonymous = browser();

        for (String route : OFFICER_ROUTES) {
            anonymous.get(route);
            assertThat(anonymous.last.statusCode()).as("anonymous " + route).isEqualTo(303);
            assertThat(anonymous.location()).as("anonymous " + route).contains("/sign-in");
            recipient.get(route);
            assertThat(recipient.last.statusCode()).as("recipient " + route).isEqualTo(404);
            sender.get(route);
            assertThat(sender.last.statusCode()).as("sender " + route).isEqualTo(404);
            pending.get(route);
            assertThat(pending.last.statusCode()).as("officer without second factor " + route).isEqualTo(303);
            assertThat(pending.location()).as("officer without second factor " + route).contains("/officer/second-factor");
            officer.get(route);
            assertThat(officer.last.statusCode()).as("officer " + route).isEqualTo(200);
        }
        sender.post("/officer/messages/msg-1/recall", "delivery", delivery.deliveryId());
        assertThat(sender.last.statusCode()).as("a sender recalling through the console").isEqualTo(404);
        recipient.post("/officer/messages/msg-1/expiry", "day", "2026-12-08");
        assertThat(recipient.last.statusCode()).as("a recipient moving an expiry").isEqualTo(404);
        pending.get("/officer/second-factor");
        pending.post("/officer/messages/msg-1/recall");
        assertThat(pending.last.statusCode()).as("an officer without their second factor recalling").isEqualTo(303);
        // Every state-changing officer route, posted with each visitor's own form token.
        List<String[]> posts = List.of(new String[] {"/officer/messages/msg-1/recall", "delivery", delivery.deliveryId()},
            new String[] {"/officer/messages/msg-1/expiry", "day", "2026-12-08"},
            new String[] {"/officer/messages/msg-1/emergency", "reason", "Treating physician unreachable, patient in the ER."},
            new String[] {"/officer/messages/msg-1/resend", "delivery", delivery.deliveryId()},
            new String[] {"/officer/policy/certify", "fingerprint", POLICY.fingerprint()});
        for (String[] post : posts) {
            anonymous.post(post[0], post[1], post[2]);
            assertThat(anonymous.last.statusCode()).as("anonymous " + post[0]).isIn(303, 403);
            recipient.post(post[0], post[1], post[2]);
            assertThat(recipient.last.statusCode()).as("recipient " + post[0]).isEqualTo(404);
            sender.post(post[0], post[1], post[2]);
            assertThat(sender.last.statusCode()).as("sender " + post[0]).isEqualTo(404);
            pending.post(post[0], post[1], post[2]);
            assertThat(pending.last.statusCode()).as("officer without second factor " + post[0]).isEqualTo(303);
        }
        assertThat(emergencyNotices).isEmpty();
        assertThat(resentNotices).isEmpty();
        assertThat(vault.audit().search(io.securemessenger.vault.audit.AuditQuery.all().action(Optional.of(AuditAction.CERTIFY)), 1)).isEmpty();
        assertThat(vault.deliveries().find(delivery.deliveryId()).orElseThrow().reached(DeliveryStatus.RECALLED)).isFalse();
        assertThat(vault.records().find("msg-1").map(MessageRecords.Found::expiresAt)).contains(T0.plus(Duration.ofDays(30)));
        for (Browser other : List.of(anonymous, recipient, sender)) {
            other.post("/officer/second-factor", "code", totp.code(enrolled.secret, clock.instant().plusSeconds(30)));
            assertThat(other.last.statusCode()).as("sent away, or refused without a form's token").isIn(303, 403);
            other.get("/officer");
            assertThat(other.last.statusCode()).as("a code alone opens nothing").isNotEqualTo(200);
        }
    }

    @Test
    void theAuditTrailShouldBeFilteredExportedWithItsChainAndEveryLookRecorded() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);

        officer.get("/officer/audit?subject=" + delivery.deliveryId());
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("patient@outside.example").doesNotContain("someone@else.example").doesNotContain("dlv-other");
        officer.get("/officer/audit?action=VIEW&actor=SOMEONE@else.example");
        assertThat(officer.text()).contains("dlv-other").doesNotContain(delivery.deliveryId());
        officer.get("/officer/audit?from=2026-13-01");
        assertThat(officer.last.statusCode()).isEqualTo(400);
        assertThat(officer.text()).contains("year-month-day");

        officer.get("/officer/audit.jsonl?action=VIEW");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.last.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        String[] lines = officer.text().split("\n", -1);
        assertThat(lines).hasSize(3).endsWith("");
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        JsonNode second = json.readTree(lines[1]);
        assertThat(first.get("action").asText()).isEqualTo("VIEW");
        assertThat(first.get("subject").asText()).isEqualTo(delivery.deliveryId());
        assertThat(second.get("actor").asText()).isEqualTo("someone@else.example");
        assertThat(second.get("seq").asLong()).isGreaterThan(first.get("seq").asLong());
        assertThat(first.get("hash").asText()).hasSize(64);
        assertThat(first.get("key").asText()).isNotEmpty();

        // The whole trail's export links each record to the one before, as verify does.
        officer.get("/officer/audit.jsonl");
        String previous = "0".repeat(64);
        for (String line : officer.text().split("\n")) {
            JsonNode record = json.readTree(line);
            assertThat(record.get("prev_hash").asText()).isEqualTo(previous);
            previous = record.get("hash").asText();
        }

        assertThat(actionsBy(OFFICER)).contains("AUDIT_SEARCH subject=" + delivery.deliveryId(),
            "AUDIT_SEARCH actor=SOMEONE@else.example action=VIEW", "AUDIT_EXPORT action=VIEW", "AUDIT_EXPORT all");
    }

    @Test
    void aTamperedTrailShouldBeShownNotIntact() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);
        try (java.sql.Connection c = new org.apache.derby.jdbc.EmbeddedDataSource() {
            {
                setDatabaseName(dir.resolve("vault/db").toString());
            }
        }.getConnection()) {
            assertThat(c.createStatement().executeUpdate("UPDATE vault_audit SET actor = 'nobody@else.example' WHERE seq = 2")).isEqualTo(1);
        }
        clock.advance(Duration.ofMinutes(2));
        officer.get("/officer");
        assertThat(officer.text()).contains("Audit trail NOT intact").contains("record 2 was changed");
    }

    @Test
    void anOfficerShouldFindAMessageByRecipientSeeWhoOpenedItRecallItAndMoveItsExpiry() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);

        officer.get("/officer/messages?recipient=PATIENT@outside.example");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("/officer/messages/msg-1").contains("Lab results").contains("patient@outside.example: Retrieved")
            .doesNotContain("msg-2");
        officer.get("/officer/messages");
        assertThat(officer.text()).as("a flagged subject is withheld here too").contains("msg-2").contains(MessageSummary.WITHHELD_SUBJECT)
            .doesNotContain("536-22-8845");
        officer.get("/officer/messages?status=RETRIEVED");
        assertThat(officer.text()).contains("msg-1").doesNotContain("msg-2");
        officer.get("/officer/messages?sender=dr.house@hospital.example&from=2026-12-07&to=2026-12-07");
        assertThat(officer.text()).contains("msg-2").doesNotContain("/officer/messages/msg-1");
        officer.get("/officer/messages?status=READ");
        assertThat(officer.last.statusCode()).isEqualTo(400);

        officer.get("/officer/messages/msg-1");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("Lab results").contains(SENDER).contains("Retrieved")
            .contains("patient@outside.example opened the message").doesNotContain("Potassium");
        officer.get("/officer/messages/no-such-message");
        assertThat(officer.last.statusCode()).isEqualTo(404);

        officer.get("/officer/messages/msg-1");
        officer.post("/officer/messages/msg-1/recall", "delivery", otherDelivery.deliveryId());
        assertThat(officer.last.statusCode()).as("a delivery of another message").isEqualTo(404);
        officer.get("/officer/messages/msg-1");
        officer.post("/officer/messages/msg-1/recall", "delivery", delivery.deliveryId());
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("Recalled for 1 recipient(s)").contains("Recalled " + "Monday 7 December 2026");
        assertThat(vault.deliveries().find(delivery.deliveryId()).orElseThrow().reached(DeliveryStatus.RECALLED)).isTrue();
        assertThat(vault.deliveries().find(otherDelivery.deliveryId()).orElseThrow().reached(DeliveryStatus.RECALLED)).isFalse();

        officer.post("/officer/messages/msg-1/expiry", "day", "2026-12-17");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("now expires");
        assertThat(vault.records().find("msg-1").map(MessageRecords.Found::expiresAt)).contains(java.time.LocalDate.parse("2026-12-18")
            .atStartOfDay(java.time.ZoneId.systemDefault()).toInstant());
        officer.post("/officer/messages/msg-1/expiry", "day", "2026-12-06");
        assertThat(officer.last.statusCode()).as("yesterday").isEqualTo(400);
        officer.post("/officer/messages/msg-1/expiry", "day", "2027-12-31");
        assertThat(officer.last.statusCode()).as("beyond a year").isEqualTo(400);
        officer.post("/officer/messages/msg-1/expiry", "day", "2026-02-30");
        assertThat(officer.last.statusCode()).isEqualTo(400);

        assertThat(actionsBy(OFFICER)).contains("MESSAGE_SEARCH recipient=PATIENT@outside.example", "MESSAGE_SEARCH all",
            "MESSAGE_LOOKUP", "RECALL officer", "EXPIRY_CHANGE from 2027-01-06T10:00:10Z to "
                + java.time.LocalDate.parse("2026-12-18").atStartOfDay(java.time.ZoneId.systemDefault()).toInstant());
    }

    @Test
    void anOfficerShouldSeeEachDlpIncidentOfAPeriodWithItsMaskedSampleAndTheCounts() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);

        officer.get("/officer/incidents?from=2026-12-07&to=2026-12-07");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("dr.house@hospital.example").contains("hipaa: ssn").contains("subject").contains("***-**-8845")
            .contains("sealed").contains("/officer/messages/msg-2").doesNotContain("536-22-8845").doesNotContain("nurse@clinic.example");
        officer.get("/officer/incidents");
        assertThat(officer.text()).contains("<td>ssn</td><td>1</td>").contains("<td>mrn</td><td>1</td>")
            .contains("<td>hospital.example</td><td>1</td>").contains("<td>clinic.example</td><td>1</td>").contains("MRN ****4821");
        officer.get("/officer/incidents?from=2026-12-08&to=2026-12-01");
        assertThat(officer.last.statusCode()).isEqualTo(400);
        assertThat(actionsBy(OFFICER)).contains("INCIDENT_SEARCH from=2026-12-07 to=2026-12-07", "INCIDENT_SEARCH all");
    }

    @Test
    void anOfficerShouldPrintThePolicyInForceAndCertifyExactlyTheOneTheyWereShown() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);

        officer.get("/officer/policy");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("Trigger words (subject)").contains("ePHI:, PHI:, Secure:").contains("exchange.hospital.example")
            .contains("mailetcontainer.xml: SubjectTriggerMatcher").contains("has not been certified yet").contains(POLICY.fingerprint());
        officer.post("/officer/policy/certify", "fingerprint", "0".repeat(64));
        assertThat(officer.last.statusCode()).as("not the policy shown").isEqualTo(409);
        officer.post("/officer/policy/certify", "fingerprint", POLICY.fingerprint());
        assertThat(officer.last.statusCode()).isEqualTo(303);
        officer.get(officer.location().orElseThrow());
        assertThat(officer.text()).contains("You certified this policy").contains("Certified by " + OFFICER)
            .contains("this is the policy that was certified");

        assertThat(actionsBy(OFFICER)).contains("POLICY_VIEW sha256=" + POLICY.fingerprint(), "CERTIFY sha256=" + POLICY.fingerprint());
    }

    @Test
    void theActivityReportShouldCountEachDayAndWeekAsATableAChartAndACsv() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);

        officer.get("/officer/reports");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("<th scope=\"row\">Mon 2026-12-07</th><td>2</td><td>2</td><td>1</td><td>1</td><td>0</td>")
            .contains("<th scope=\"row\">Tue 2026-11-24</th>").doesNotContain("2026-11-23")
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 300\" class=\"chart\" role=\"img\"");
        assertThat(officer.text().split("<polyline", -1)).as("a line per activity").hasSize(9);

        officer.get("/officer/reports.csv?from=2026-12-06&to=2026-12-07");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.last.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(officer.text()).isEqualTo("day,sealed,notified,retrieved,unread,expired,undeliverable,replied,recalled\r\n"
            + "2026-12-06,0,0,0,0,0,0,0,0\r\n2026-12-07,2,2,1,1,0,0,0,0\r\n");
        officer.get("/officer/reports.csv?from=2026-11-30&to=2026-12-07&by=week");
        assertThat(officer.text()).isEqualTo("week,sealed,notified,retrieved,unread,expired,undeliverable,replied,recalled\r\n"
            + "2026-11-30,0,0,0,0,0,0,0,0\r\n2026-12-07,2,2,1,1,0,0,0,0\r\n");
        officer.get("/officer/reports?by=month");
        assertThat(officer.last.statusCode()).isEqualTo(400);
        officer.get("/officer/reports?from=2025-01-01&to=2026-12-07");
        assertThat(officer.last.statusCode()).as("more than 366 days").isEqualTo(400);

        assertThat(actionsBy(OFFICER)).contains("REPORT_VIEW from=2026-11-24 to=2026-12-07 by=day",
            "REPORT_EXPORT from=2026-12-06 to=2026-12-07 by=day", "REPORT_EXPORT from=2026-11-30 to=2026-12-07 by=week");
    }

    @Test
    void emergencyAccessShouldNeedAReasonTellTheOtherOfficersAndTheSenderAndBeAudited() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);
        officer.get("/officer/messages/msg-1");
        assertThat(officer.text()).contains("Open the content in an emergency");

        officer.post("/officer/messages/msg-1/emergency", "reason", "urgent");
        assertThat(officer.last.statusCode()).as("a reason of one word").isEqualTo(400);
        assertThat(officer.text()).doesNotContain("Potassium");
        assertThat(emergencyNotices).isEmpty();

        officer.post("/officer/messages/msg-1/emergency", "reason", "Treating physician unreachable; the patient is in the ER now.");
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("Potassium 4.1 mmol/L").contains("You opened this message in an emergency")
            .contains(SECOND_OFFICER + ", " + SENDER);
        assertThat(emergencyNotices).containsExactly(List.of(SECOND_OFFICER + "," + SENDER, OFFICER, "msg-1", SENDER,
            "Treating physician unreachable; the patient is in the ER now."));
        assertThat(actionsBy(OFFICER)).contains("EMERGENCY_ACCESS reason: Treating physician unreachable; the patient is in the ER now.; told: "
            + SECOND_OFFICER + ", " + SENDER);

        // A sender cannot use the officers' route.
        Browser sender = browser();
        sender.get("/sign-in");
        sender.post("/sign-in", "email", SENDER, "password", SENDER_PASSWORD);
        sender.get("/sent");
        sender.post("/officer/messages/msg-1/emergency", "reason", "I would like to read it again please.");
        assertThat(sender.last.statusCode()).isEqualTo(404);
        assertThat(emergencyNotices).hasSize(1);
    }

    @Test
    void anOfficerShouldSendANewNotificationWithANewLinkThatAloneOpensTheMessage() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);
        officer.get("/officer/messages/msg-1");
        assertThat(officer.text()).contains("Send patient@outside.example a new notification");

        officer.post("/officer/messages/msg-1/resend", "delivery", otherDelivery.deliveryId());
        assertThat(officer.last.statusCode()).as("a delivery of another message").isEqualTo(404);
        officer.get("/officer/messages/msg-1");
        officer.post("/officer/messages/msg-1/resend", "delivery", delivery.deliveryId());
        assertThat(officer.last.statusCode()).isEqualTo(200);
        assertThat(officer.text()).contains("A new notification is on its way to patient@outside.example");

        assertThat(resentNotices).singleElement().satisfies(notice -> {
            assertThat(notice.subList(0, 5)).containsExactly(delivery.deliveryId(), "patient@outside.example", SENDER, SENDER, "Lab results");
            assertThat(notice.get(5)).startsWith("https://localhost:8443/m/");
            assertThat(notice.get(6)).isEqualTo(T0.plus(Duration.ofDays(30)).toString());
        });
        String token = resentNotices.get(0).get(5).substring("https://localhost:8443/m/".length());
        assertThat(vault.deliveries().findByToken(token)).map(io.securemessenger.vault.delivery.Delivery::id).contains(delivery.deliveryId());
        assertThat(vault.deliveries().findByToken(delivery.token().value())).as("the earlier link").isEmpty();
        assertThat(vault.deliveries().find(delivery.deliveryId()).orElseThrow().history()).extracting(e -> e.status())
            .endsWith(DeliveryStatus.QUEUED);
        assertThat(actionsBy(OFFICER)).contains("NOTIFY resent by an officer; the earlier link no longer opens it");

        // A flagged subject is withheld from the new notification as from the first.
        io.securemessenger.vault.delivery.DeliveryStore.Created flagged = vault.deliveries().create("msg-2", "second@elsewhere.example", T0);
        officer.get("/officer/messages/msg-2");
        officer.post("/officer/messages/msg-2/resend", "delivery", flagged.deliveryId());
        assertThat(resentNotices.get(1).get(4)).isEqualTo("(withheld)");
    }

    @Test
    void aResentNotificationDeliveredBeforeTheHandOverReturnsShouldStayNotifiedNotQueued() throws Exception {
        Browser officer = passwordGiven();
        enrol(officer);
        deliveredAtOnce = true;

        officer.get("/officer/messages/msg-1");
        officer.post("/officer/messages/msg-1/resend", "delivery", delivery.deliveryId());

        assertThat(officer.text()).contains("A new notification is on its way to patient@outside.example");
        assertThat(vault.deliveries().find(delivery.deliveryId()).orElseThrow().history()).extracting(e -> e.status())
            .containsExactly(DeliveryStatus.NOTIFIED, DeliveryStatus.RETRIEVED, DeliveryStatus.NOTIFIED);
        Browser sender = browser();
        sender.get("/sign-in");
        sender.post("/sign-in", "email", SENDER, "password", SENDER_PASSWORD);
        sender.get("/sent/msg-1");
        assertThat(sender.last.statusCode()).isEqualTo(200);
        assertThat(sender.text()).contains("Notified").doesNotContain("Notification queued");
    }
}
