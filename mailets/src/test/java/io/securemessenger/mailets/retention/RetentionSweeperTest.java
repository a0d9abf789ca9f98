package io.securemessenger.mailets.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.mailets.SealToVault;
import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.mailets.TestFixtures;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.matchers.SubjectTriggerMatcher;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.VaultException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.mail.internet.MimeMultipart;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionSweeperTest {
    private static final Instant SENT = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    private Vault vault;
    private FakeMailContext context;
    private SecurePathSettings config;
    private NotificationTemplates templates;
    private RetentionSweeper sweeper;

    @BeforeEach
    void setUp() throws Exception {
        config = TestFixtures.settings();
        vault = Vault.open(TestFixtures.vault(dir), Clock.systemUTC());
        templates = TestFixtures.templates();
        context = TestFixtures.context();
        sweeper = new RetentionSweeper(vault, templates, config, context, Clock.fixed(SENT, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    /** Seals a triggered mail with an attachment for one outside recipient; returns its delivery. */
    private Delivery seal(String subject) throws Exception {
        FakeMailContext sealing = TestFixtures.context();
        SealToVault mailet = new SealToVault(vault, templates, config, TestFixtures.fileSystem(dir), Clock.fixed(SENT, ZoneOffset.UTC),
            () -> sealing::sendMail);
        mailet.init(FakeMailetConfig.builder().mailetName("SealToVault").mailetContext(sealing).build());
        Mail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addFrom("Dr Meredith Grey <dr.grey@hospital.example>").setSubject(subject).addHeader("Date", "Tue, 24 Nov 2026 10:00:00 +0000")
                .setMultipartWithBodyParts(
                    MimeMessageBuilder.bodyPartBuilder().data("Your biopsy results are ready."),
                    MimeMessageBuilder.bodyPartBuilder().filename("results.pdf").data(new byte[2048])))
            .sender("dr.grey@hospital.example").recipients("patient@outside.example").build();
        SubjectTriggerMatcher trigger = new SubjectTriggerMatcher();
        trigger.init(FakeMatcherConfig.builder().matcherName("SubjectTriggerMatcher").build());
        trigger.match(mail);
        mailet.service(mail);
        String messageId = vault.records().expiredBy(SENT.plus(Duration.ofDays(3650))).stream().reduce((a, b) -> b).orElseThrow();
        return vault.deliveries().forMessage(messageId).get(0);
    }

    private static String text(FakeMailContext.SentMail sent) throws Exception {
        return (String) ((MimeMultipart) sent.getMsg().getContent()).getBodyPart(0).getContent();
    }

    @Test
    void theSenderShouldBeWarnedOnceWhenAnUnreadMessageNearsExpiry() throws Exception {
        seal("Secure: Lab results");

        assertThat(sweeper.sweep(SENT.plus(Duration.ofDays(26))).warned()).as("more than three days left").isZero();
        assertThat(sweeper.sweep(SENT.plus(Duration.ofDays(27).plusHours(1))).warned()).isEqualTo(1);
        assertThat(sweeper.sweep(SENT.plus(Duration.ofDays(28))).warned()).as("only once").isZero();

        assertThat(context.getSentMails()).singleElement().satisfies(warning -> {
            assertThat(warning.getRecipients()).containsExactly(new MailAddress("dr.grey@hospital.example"));
            assertThat(warning.getSender()).isEqualTo(new MailAddress("secure-messenger@hospital.example"));
            assertThat(warning.getMsg().getSubject()).isEqualTo("Unread secure message expires soon: Lab results");
            assertThat(text(warning)).contains("patient@outside.example").contains("Tuesday 24 November 2026")
                .contains("Thursday 24 December 2026").doesNotContain("biopsy").doesNotContain("Secure:");
        });
    }

    @Test
    void aWarningThatCouldNotBeSentShouldBeSentAtTheNextSweep() throws Exception {
        seal("Secure: Lab results");
        java.util.concurrent.atomic.AtomicBoolean spoolFull = new java.util.concurrent.atomic.AtomicBoolean(true);
        org.apache.mailet.MailetContext refusingOnce = (org.apache.mailet.MailetContext) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {org.apache.mailet.MailetContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("sendMail") && spoolFull.getAndSet(false)) {
                    throw new javax.mail.MessagingException("spool full");
                }
                try {
                    return method.invoke(context, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        RetentionSweeper refused = new RetentionSweeper(vault, templates, config, refusingOnce, Clock.fixed(SENT, ZoneOffset.UTC));

        assertThat(refused.sweep(SENT.plus(Duration.ofDays(27).plusHours(1))).warned()).isZero();
        assertThat(refused.sweep(SENT.plus(Duration.ofDays(27).plusHours(2))).warned()).isEqualTo(1);
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void aMessageSomeoneOpenedShouldExpireWithoutWarning() throws Exception {
        Delivery delivery = seal("Secure: Lab results");
        vault.deliveries().record(delivery.id(), DeliveryStatus.RETRIEVED, SENT.plus(Duration.ofDays(1)));

        RetentionSweeper.Result result = sweeper.sweep(SENT.plus(Duration.ofDays(30)).plusSeconds(1));

        assertThat(result.warned()).isZero();
        assertThat(context.getSentMails()).isEmpty();
        assertThat(result.expired()).containsExactly(delivery.messageId());
    }

    @Test
    void expiryShouldDestroyTheMessageAndMarkItsDeliveries() throws Exception {
        Delivery delivery = seal("Secure: Lab results");

        assertThat(sweeper.sweep(SENT.plus(Duration.ofDays(29))).expired()).isEmpty();
        assertThat(sweeper.sweep(SENT.plus(Duration.ofDays(30)).plusSeconds(1)).expired()).containsExactly(delivery.messageId());

        assertThatThrownBy(() -> vault.messages().open(delivery.messageId(), "message", vault.keyRing()))
            .isInstanceOf(VaultException.class);
        assertThat(vault.summary(delivery.messageId())).isEmpty();
        assertThat(vault.deliveries().find(delivery.id()).orElseThrow().reached(DeliveryStatus.EXPIRED)).isTrue();
        assertThat(vault.audit().verify().intact()).isTrue();
    }

    @Test
    void aWarningOfZeroShouldTurnWarningsOff() throws Exception {
        RetentionSweeper silent = new RetentionSweeper(vault, templates, TestFixtures.settings(Duration.ofDays(30), Duration.ZERO), context);
        seal("Secure: Lab results");

        assertThat(silent.sweep(SENT.plus(Duration.ofDays(29).plusHours(23))).warned()).isZero();
        assertThat(context.getSentMails()).isEmpty();
    }
}
