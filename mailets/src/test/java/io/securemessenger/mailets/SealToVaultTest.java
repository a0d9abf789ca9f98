package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.NotifierAddress;
import io.securemessenger.matchers.SubjectTriggerMatcher;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditLog;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMultipart;
import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealToVaultTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    private Vault vault;
    private FakeMailContext context;
    private SecurePathSettings config;
    private NotificationTemplates templates;
    private FileSystem fileSystem;
    private SealToVault mailet;
    /** Where the mailet's notifications and confirmation go: the fake context's spool, unless a test fails it. */
    private MailProcessor processor;

    @BeforeEach
    void setUp() throws Exception {
        config = TestFixtures.settings();
        vault = Vault.open(TestFixtures.vault(dir), Clock.systemUTC());
        templates = TestFixtures.templates();
        context = TestFixtures.context();
        fileSystem = TestFixtures.fileSystem(dir);
        processor = context::sendMail;
        mailet = new SealToVault(vault, templates, config, fileSystem, Clock.fixed(NOW, ZoneOffset.UTC), () -> processor);
        mailet.init(FakeMailetConfig.builder().mailetName("SealToVault").mailetContext(context).build());
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    private Mail mail(String subject, String body) throws Exception {
        Mail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addFrom("Dr Meredith Grey <dr.grey@hospital.example>").setSubject(subject)
                .setMultipartWithBodyParts(
                    MimeMessageBuilder.bodyPartBuilder().data(body),
                    MimeMessageBuilder.bodyPartBuilder().filename("results.pdf").data(new byte[2048])))
            .sender("dr.grey@hospital.example").recipients("patient@outside.example", "carer@outside.example").build();
        SubjectTriggerMatcher trigger = new SubjectTriggerMatcher();
        trigger.init(FakeMatcherConfig.builder().matcherName("SubjectTriggerMatcher").build());
        trigger.match(mail);
        return mail;
    }

    private static String text(FakeMailContext.SentMail sent) throws Exception {
        return (String) ((MimeMultipart) sent.getMsg().getContent()).getBodyPart(0).getContent();
    }

    private static String token(String notice) {
        Matcher m = Pattern.compile("https://secure\\.hospital\\.example/m/([A-Za-z0-9_-]{43})").matcher(notice);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aNotificationItsQueueDeliversBeforeTheHandOverReturnsShouldStayNotifiedNotQueued() throws Exception {
        // The notification is queued (not delivered at once), and a delivery thread takes it and
        // records it accepted before Outbox.process returns to SealToVault.
        processor = notice -> {
            java.util.Optional<String> delivery = org.apache.mailet.AttributeUtils.getValueAndCastFromMail(notice, SealToVault.DELIVERY, String.class);
            if (delivery.isPresent()) {
                try {
                    vault.deliveries().record(delivery.get(), DeliveryStatus.NOTIFIED, NOW.plusMillis(5));
                } catch (io.securemessenger.vault.store.VaultException e) {
                    throw new javax.mail.MessagingException("vault", e);
                }
            }
            context.sendMail(notice);
        };

        mailet.service(mail("Secure: Lab results", "Your biopsy results are ready."));

        List<FakeMailContext.SentMail> sent = context.getSentMails();
        for (FakeMailContext.SentMail notice : sent.subList(0, 2)) {
            Delivery delivery = vault.deliveries().findByToken(token(text(notice))).orElseThrow();
            assertThat(delivery.history()).extracting(Delivery.Event::status).containsExactly(DeliveryStatus.NOTIFIED);
        }
    }

    @Test
    void serviceShouldSealOnceNotifyEachRecipientConfirmAndGhost() throws Exception {
        Mail mail = mail("Secure: Lab results", "Your biopsy results are ready.");

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        List<FakeMailContext.SentMail> sent = context.getSentMails();
        assertThat(sent).hasSize(3);
        FakeMailContext.SentMail first = sent.get(0);
        FakeMailContext.SentMail second = sent.get(1);
        assertThat(first.getRecipients()).containsExactly(new MailAddress("patient@outside.example"));
        // The envelope sender names the delivery (VERP), so a bounce arriving later finds it.
        assertThat(first.getSender().getLocalPart()).matches("secure-messenger\\+b-[0-9a-f]{32}");
        assertThat(((javax.mail.internet.InternetAddress) first.getMsg().getFrom()[0]).getAddress()).isEqualTo("secure-messenger@hospital.example");
        assertThat(first.getAttributes()).containsValue(new Attribute(SealToVault.NOTIFICATION, AttributeValue.of(true)));
        assertThat(first.getState()).as("straight to its delivery").isEqualTo("notification-delivery");
        assertThat(first.getAttributes()).as("trusted as mail of ours").containsKey(Mail.SENT_BY_MAILET_ATTRIBUTE.getName());
        assertThat(first.getMsg().getSubject()).isEqualTo("Secure message from Dr Meredith Grey: Lab results");
        assertThat(text(first)).doesNotContain("biopsy").doesNotContain("results.pdf").contains("secure.hospital.example");
        assertThat(token(text(first))).isNotEqualTo(token(text(second)));

        Delivery delivery = vault.deliveries().findByToken(token(text(first))).orElseThrow();
        assertThat(delivery.recipient()).isEqualTo("patient@outside.example");
        assertThat(new NotifierAddress(new MailAddress("secure-messenger@hospital.example"), true).deliveryOf(first.getSender()))
            .contains(delivery.id());
        assertThat(delivery.reached(DeliveryStatus.QUEUED)).isTrue();
        assertThat(delivery.reached(DeliveryStatus.NOTIFIED)).as("not before the recipient's server accepts it").isFalse();
        try (InputStream sealed = vault.messages().open(delivery.messageId(), "message", vault.keyRing())) {
            assertThat(new String(sealed.readAllBytes(), StandardCharsets.UTF_8)).contains("Your biopsy results are ready.");
        }

        FakeMailContext.SentMail confirmation = sent.get(2);
        assertThat(confirmation.getRecipients()).containsExactly(new MailAddress("dr.grey@hospital.example"));
        assertThat(confirmation.getAttributes()).doesNotContainKey(SealToVault.NOTIFICATION);
        assertThat(confirmation.getState()).as("routed like any mail to the sender").isEqualTo(Mail.DEFAULT);
        assertThat(confirmation.getMsg().getSubject()).isEqualTo("Sent securely: Lab results");
        assertThat(text(confirmation)).contains("patient@outside.example").contains("carer@outside.example")
            .contains("results.pdf (2 KB)").doesNotContain("biopsy");

        AuditLog.Verification audit = vault.audit().verify();
        assertThat(audit.intact()).isTrue();
        assertThat(audit.records()).isEqualTo(3);
    }

    @Test
    void recipientsShouldSeeANeutralSubjectWhenTheSubjectHeldPhi() throws Exception {
        Mail mail = mail("Results for SSN 536-22-8845", "see attached");
        mail.setAttribute(new Attribute(MatcherVerdicts.DLP_SUBJECT_FLAGGED, AttributeValue.of(true)));

        mailet.service(mail);

        FakeMailContext.SentMail notice = context.getSentMails().get(0);
        assertThat(notice.getMsg().getSubject()).isEqualTo("Secure message from Dr Meredith Grey");
        assertThat(text(notice)).doesNotContain("536-22-8845");
        assertThat(text(context.getSentMails().get(2))).contains("neutral subject");
    }

    @Test
    void aTriggeredSubjectHoldingPhiShouldBeCheckedHereAndQuotedNowhereOutside() throws Exception {
        // The trigger word routes the mail here before the DLP matcher could look at it: no DLP verdict on the mail.
        Mail mail = mail("PHI: Jane Roe SSN 536-22-8845 HIV positive", "see attached");
        assertThat(mail.getAttribute(MatcherVerdicts.DLP_SUBJECT_FLAGGED)).isEmpty();

        mailet.service(mail);

        List<FakeMailContext.SentMail> sent = context.getSentMails();
        for (FakeMailContext.SentMail notice : sent.subList(0, 2)) {
            assertThat(notice.getMsg().getSubject()).isEqualTo("Secure message from Dr Meredith Grey");
            assertThat(text(notice)).doesNotContain("536-22-8845").doesNotContain("HIV").doesNotContain("Jane Roe");
        }
        String messageId = vault.deliveries().findByToken(token(text(sent.get(0)))).orElseThrow().messageId();
        assertThat(vault.summary(messageId).orElseThrow().quotableSubject()).isEqualTo(MessageSummary.WITHHELD_SUBJECT);
        assertThat(text(sent.get(2))).as("the sender is told why").contains("neutral subject");
    }

    @Test
    void aSubjectPolicyThatIsNotDefinedShouldStopStartUpNamingIt() {
        SealToVault misconfigured = new SealToVault(vault, templates, config, fileSystem, Clock.fixed(NOW, ZoneOffset.UTC), () -> processor);

        assertThatThrownBy(() -> misconfigured.init(FakeMailetConfig.builder().mailetName("SealToVault").mailetContext(context)
            .setProperty("subjectPolicy", "gdpr").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("subjectPolicy=gdpr").hasMessageContaining("hipaa");
    }

    @Test
    void reprocessingAfterAFailedNotificationShouldNotifyTheRestWithoutSealingTwice() throws Exception {
        // The container refuses the second notification: the mail goes to the error repository, attributes and all.
        AtomicInteger sends = new AtomicInteger();
        processor = notification -> {
            if (sends.incrementAndGet() == 2) {
                throw new MessagingException("outgoing queue full");
            }
            context.sendMail(notification);
        };
        Mail mail = mail("Secure: Lab results", "Your biopsy results are ready.");
        assertThatThrownBy(() -> mailet.service(mail)).isInstanceOf(MessagingException.class);
        assertThat(context.getSentMails()).hasSize(1);

        mailet.service(mail);

        List<FakeMailContext.SentMail> sent = context.getSentMails();
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(m -> m.getRecipients().iterator().next().asString())
            .containsExactly("patient@outside.example", "carer@outside.example", "dr.grey@hospital.example");
        String messageId = vault.deliveries().findByToken(token(text(sent.get(0)))).orElseThrow().messageId();
        assertThat(vault.deliveries().findByToken(token(text(sent.get(1)))).orElseThrow().messageId()).isEqualTo(messageId);
        assertThat(vault.audit().verify().records()).as("one seal, two notifications").isEqualTo(3);
        assertThat(vault.deliveries().forMessage(messageId)).as("one delivery per recipient, none left over from the failure")
            .extracting(Delivery::recipient).containsExactlyInAnyOrder("patient@outside.example", "carer@outside.example");
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void theSameMailHandedOutAgainAfterACrashShouldBeSealedOnceAndNotifyNobodyTwice() throws Exception {
        // The spool hands the mail out again, as stored before processing (same name, no attributes),
        // when the server died after sealing it but before the spool's commit.
        mailet.service(mail("Secure: Lab results", "Your biopsy results are ready."));
        Mail again = mail("Secure: Lab results", "Your biopsy results are ready.");

        mailet.service(again);

        List<FakeMailContext.SentMail> sent = context.getSentMails();
        assertThat(sent).extracting(m -> m.getRecipients().iterator().next().asString())
            .as("two notifications, then the confirmation, which is sent again rather than risk none")
            .containsExactly("patient@outside.example", "carer@outside.example", "dr.grey@hospital.example", "dr.grey@hospital.example");
        String messageId = vault.deliveries().findByToken(token(text(sent.get(0)))).orElseThrow().messageId();
        assertThat(vault.deliveries().forMessage(messageId)).hasSize(2);
        assertThat(vault.audit().verify().records()).as("one seal, two notifications").isEqualTo(3);
        assertThat(again.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aMailShouldWaitWhileTheMasterKeyStoreIsMissingAndBeSealedOnceItIsBack() throws Exception {
        Path keys = dir.resolve("vault/master-keys.p12");
        Path aside = dir.resolve("aside.p12");
        java.nio.file.Files.move(keys, aside);
        Mail mail = mail("Secure: Lab results", "Your biopsy results are ready.");

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("vault-retry");
        assertThat(context.getSentMails()).isEmpty();
        assertThat(vault.records().sealedAt(SealToVault.vaultIdOf(mail))).isEmpty();

        java.nio.file.Files.move(aside, keys);
        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(3);
    }

    @Test
    void aMailSealedBeforeACrashShouldGoOnWhileTheMasterKeyStoreIsMissing() throws Exception {
        // Sealed, then the server died before the spool's commit, and came back without its key store:
        // the mail handed out again needs no key to finish, so it must not wait for one.
        Mail first = mail("Secure: Lab results", "Your biopsy results are ready.");
        mailet.service(first);
        java.nio.file.Files.move(dir.resolve("vault/master-keys.p12"), dir.resolve("aside.p12"));
        Mail again = mail("Secure: Lab results", "Your biopsy results are ready.");

        mailet.service(again);

        assertThat(again.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).extracting(m -> m.getRecipients().iterator().next().asString())
            .as("the notifications once, the confirmation again")
            .containsExactly("patient@outside.example", "carer@outside.example", "dr.grey@hospital.example", "dr.grey@hospital.example");
        assertThat(vault.deliveries().forMessage(SealToVault.vaultIdOf(again))).hasSize(2);
    }

    @Test
    void mailsWithDifferentNamesShouldBeSealedSeparately() throws Exception {
        Mail first = mail("Secure: Lab results", "Your biopsy results are ready.");
        Mail second = FakeMail.builder().name("m2").mimeMessage(first.getMessage())
            .sender("dr.grey@hospital.example").recipients("patient@outside.example").build();

        mailet.service(first);
        mailet.service(second);

        assertThat(SealToVault.vaultIdOf(first)).isNotEqualTo(SealToVault.vaultIdOf(second));
        assertThat(vault.records().sealedAt(SealToVault.vaultIdOf(first))).isPresent();
        assertThat(vault.records().sealedAt(SealToVault.vaultIdOf(second))).isPresent();
    }

    @Test
    void theSendersSummaryShouldBeSealedWithTheMessage() throws Exception {
        mailet.service(mail("Secure: Lab results", "Your biopsy results are ready."));

        String messageId = vault.deliveries().findByToken(token(text(context.getSentMails().get(0)))).orElseThrow().messageId();
        MessageSummary summary = vault.summary(messageId).orElseThrow();
        assertThat(summary.subject()).isEqualTo("Lab results");
        assertThat(summary.recipients()).containsExactly("patient@outside.example", "carer@outside.example");
        assertThat(summary.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("results.pdf");
            assertThat(a.size()).isEqualTo(2048);
        });
    }

    @Test
    void notificationsShouldCarryTheSendersDsnRequestForTheirRecipient() throws Exception {
        Mail mail = mail("Secure: Lab results", "Your biopsy results are ready.");
        MailAddress patient = new MailAddress("patient@outside.example");
        mail.setDsnParameters(DsnParameters.builder().envId(DsnParameters.EnvId.of("env-42")).ret(DsnParameters.Ret.FULL)
            .addRcptParameter(patient, DsnParameters.RecipientDsnParameters.of(EnumSet.of(DsnParameters.Notify.SUCCESS, DsnParameters.Notify.FAILURE)))
            .build().orElseThrow());

        mailet.service(mail);

        DsnParameters first = DsnParameters.fromAttributeValue(DsnParameters.DsnAttributeValues.extract(context.getSentMails().get(0).getAttributes())).orElseThrow();
        assertThat(first.getEnvIdParameter()).contains(DsnParameters.EnvId.of("env-42"));
        assertThat(first.getRetParameter()).as("headers only: the notification's link never travels in a DSN").contains(DsnParameters.Ret.HDRS);
        assertThat(first.getRcptParameters().get(patient).getNotifyParameter())
            .contains(EnumSet.of(DsnParameters.Notify.SUCCESS, DsnParameters.Notify.FAILURE));
        assertThat(DsnParameters.fromAttributeValue(DsnParameters.DsnAttributeValues.extract(context.getSentMails().get(1).getAttributes()))
            .map(DsnParameters::getRcptParameters).orElseThrow()).isEmpty();
    }
}
