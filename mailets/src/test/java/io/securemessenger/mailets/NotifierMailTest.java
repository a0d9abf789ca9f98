package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.mailets.notification.NotifierAddress;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail that comes back to the notifier address: late bounces and people replying by plain email. */
class NotifierMailTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String NOTIFIER = TestFixtures.NOTIFIER;

    @TempDir
    Path dir;
    private Vault vault;
    private SecurePathSettings config;
    private NotificationTemplates templates;
    private FakeMailContext context;
    private String deliveryId;
    private MailAddress bounceAddress;

    @BeforeEach
    void setUp() throws Exception {
        config = TestFixtures.settings();
        vault = Vault.open(TestFixtures.vault(dir), Clock.systemUTC());
        templates = TestFixtures.templates();
        context = TestFixtures.context();
        vault.messages().seal("msg-1", "dr.grey@hospital.example", vault.keyRing(), NOW, NOW.plus(Duration.ofDays(30)),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)))));
        deliveryId = vault.deliveries().create("msg-1", "patient@outside.example", NOW).deliveryId();
        bounceAddress = new NotifierAddress(new MailAddress(NOTIFIER), true).bounceAddressFor(deliveryId);
    }

    @AfterEach
    void tearDown() {
        built.forEach(MailImpl::dispose);
        vault.close();
    }

    /** The mails a test builds, disposed after it as James disposes its own. */
    private final java.util.List<MailImpl> built = new java.util.ArrayList<>();

    private static MimeMessage report(String action, String status, String diagnostic) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("MAILER-DAEMON@outside.example"));
        message.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("I'm sorry to have to inform you that your message could not be delivered.");
        report.addBodyPart(human);
        MimeBodyPart fields = new MimeBodyPart();
        fields.setContent("Reporting-MTA: dns; mx.outside.example\r\n\r\nFinal-Recipient: rfc822; patient@outside.example\r\n"
            + "Action: " + action + "\r\nStatus: " + status + "\r\nDiagnostic-Code: smtp; " + diagnostic + "\r\n", "text/plain");
        fields.setHeader("Content-Type", "message/delivery-status");
        report.addBodyPart(fields);
        message.setContent(report);
        message.saveChanges();
        return message;
    }

    private Mail mail(MimeMessage message, String sender, MailAddress recipient) throws Exception {
        MailImpl.Builder builder = MailImpl.builder().name("bounce-1").mimeMessage(message).addRecipient(recipient);
        if (sender != null) {
            builder.sender(sender);
        }
        MailImpl mail = builder.build();
        built.add(mail);
        return mail;
    }

    private RecordLateBounce recordLateBounce() throws Exception {
        RecordLateBounce mailet = new RecordLateBounce(vault, config, Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("RecordLateBounce").mailetContext(context).build());
        return mailet;
    }

    private ToNotifierAddress matcher(String condition) throws Exception {
        ToNotifierAddress matcher = new ToNotifierAddress(config);
        matcher.init(FakeMatcherConfig.builder().matcherName("ToNotifierAddress").condition(condition).mailetContext(context).build());
        return matcher;
    }

    @Test
    void aLateFailureShouldMarkTheDeliveryAndBecomeADsnForTheSender() throws Exception {
        Mail bounce = mail(report("failed", "5.1.1", "550 5.1.1 <patient@outside.example>: mailbox unknown"), null, bounceAddress);
        assertThat(matcher("bounces").match(bounce)).containsExactly(bounceAddress);
        assertThat(matcher("replies").match(bounce)).isEmpty();

        recordLateBounce().service(bounce);

        assertThat(vault.deliveries().find(deliveryId).orElseThrow().reached(DeliveryStatus.UNDELIVERABLE)).isTrue();
        assertThat(bounce.getState()).isEqualTo("late-bounces");
        assertThat(bounce.getMaybeSender().asString()).isEqualTo("dr.grey@hospital.example");
        assertThat(bounce.getRecipients()).containsExactly(new MailAddress("patient@outside.example"));
        assertThat(AttributeUtils.getValueAndCastFromMail(bounce, RecordLateBounce.DELIVERY_ERROR, String.class))
            .contains("550 5.1.1 <patient@outside.example>: mailbox unknown");
        assertThat(bounce.getErrorMessage()).contains("mailbox unknown");
        assertThat(vault.audit().verify().records()).isEqualTo(1);
    }

    @Test
    void aDelayReportShouldReachTheSenderWithoutMarkingTheDelivery() throws Exception {
        Mail delay = mail(report("delayed", "4.4.7", "451 4.4.7 still trying"), null, bounceAddress);

        recordLateBounce().service(delay);

        assertThat(delay.getState()).isEqualTo("late-delays");
        assertThat(vault.deliveries().find(deliveryId).orElseThrow().reached(DeliveryStatus.UNDELIVERABLE)).isFalse();
    }

    @Test
    void aSuccessReportOrAnUnknownDeliveryShouldBeDropped() throws Exception {
        Mail delivered = mail(report("delivered", "2.0.0", "250 ok"), null, bounceAddress);
        recordLateBounce().service(delivered);
        assertThat(delivered.getState()).isEqualTo(Mail.GHOST);

        MailAddress unknown = new NotifierAddress(new MailAddress(NOTIFIER), true).bounceAddressFor("AAAAAAAAAAAAAAAAAAAAAA");
        Mail stray = mail(report("failed", "5.1.1", "no"), null, unknown);
        recordLateBounce().service(stray);
        assertThat(stray.getState()).isEqualTo(Mail.GHOST);
        assertThat(vault.deliveries().find(deliveryId).orElseThrow().reached(DeliveryStatus.UNDELIVERABLE)).isFalse();
    }

    private static MimeMessage reply(String... headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("patient@outside.example"));
        message.setSubject("Re: Secure message from Dr Meredith Grey");
        message.setText("My date of birth is 01/02/1960, please call me.");
        for (int i = 0; i < headers.length; i += 2) {
            message.setHeader(headers[i], headers[i + 1]);
        }
        message.setHeader("In-Reply-To", "<notice-1@hospital.example>");
        message.saveChanges();
        return message;
    }

    private AnswerNotifierReply answerer() throws Exception {
        AnswerNotifierReply mailet = new AnswerNotifierReply(templates, config, vault);
        mailet.init(FakeMailetConfig.builder().mailetName("AnswerNotifierReply").mailetContext(context).build());
        return mailet;
    }

    @Test
    void aPersonReplyingByEmailShouldBeToldOnceHowToReplySecurely() throws Exception {
        Mail mail = mail(reply(), "patient@outside.example", new MailAddress(NOTIFIER));
        assertThat(matcher("replies").match(mail)).containsExactly(new MailAddress(NOTIFIER));
        assertThat(matcher("bounces").match(mail)).isEmpty();
        AnswerNotifierReply answerer = answerer();

        answerer.service(mail);
        answerer.service(mail(reply(), "patient@outside.example", new MailAddress(NOTIFIER)));

        assertThat(context.getSentMails()).singleElement().satisfies(answer -> {
            assertThat(answer.getSender()).as("RFC 3834: the null sender").isNull();
            assertThat(answer.getRecipients()).containsExactly(new MailAddress("patient@outside.example"));
            assertThat(answer.getMsg().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
            assertThat(answer.getMsg().getHeader("In-Reply-To", null)).isEqualTo(mail.getMessage().getMessageID());
            String text = (String) ((MimeMultipart) answer.getMsg().getContent()).getBodyPart(0).getContent();
            assertThat(text).contains("was not delivered to anyone").contains("secure.hospital.example").doesNotContain("01/02/1960");
        });
        assertThat(mail.getState()).as("left for the ToRepository after it").isNotEqualTo(Mail.GHOST);
    }

    @Test
    void mailFromAnAddressThatWasNeverNotifiedShouldNotBeAnswered() throws Exception {
        // A forged sender: answering would send our mail to someone who never wrote (backscatter).
        answerer().service(mail(reply(), "victim@elsewhere.example", new MailAddress(NOTIFIER)));

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void automaticMailShouldNeverBeAnswered() throws Exception {
        AnswerNotifierReply answerer = answerer();
        answerer.service(mail(reply("Auto-Submitted", "auto-replied"), "patient@outside.example", new MailAddress(NOTIFIER)));
        answerer.service(mail(reply("Precedence", "bulk"), "list@outside.example", new MailAddress(NOTIFIER)));
        answerer.service(mail(reply(), null, new MailAddress(NOTIFIER)));
        answerer.service(mail(reply(), "MAILER-DAEMON@outside.example", new MailAddress(NOTIFIER)));
        answerer.service(mail(reply(), NOTIFIER, new MailAddress(NOTIFIER)));

        assertThat(context.getSentMails()).isEmpty();
    }
}
