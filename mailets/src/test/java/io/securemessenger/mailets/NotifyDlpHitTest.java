package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.matchers.DlpMatcher;
import io.securemessenger.matchers.SubjectTriggerMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyDlpHitTest {
    private static final String POLICIES = "<dlp-policies>"
        + "<policy name='both' notify='sender, compliance' compliance-address='privacy@hospital.example'><rule id='ssn' detector='us-ssn'/></policy>"
        + "<policy name='silent'><rule id='ssn' detector='us-ssn'/></policy>"
        + "</dlp-policies>";

    @TempDir
    Path home;
    private FakeMailContext context;
    private NotifyDlpHit mailet;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/dlp-policies.xml"), POLICIES);
        context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@hospital.example")).build();
        mailet = new NotifyDlpHit(Clock.fixed(Instant.parse("2026-11-23T10:15:00Z"), ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("NotifyDlpHit").mailetContext(context)
            .setProperty("from", "secure-messenger@hospital.example").setProperty("organisation", "Example Health").build());
    }

    private Mail scanned(String policy, String subject, String body) throws Exception {
        Mail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(subject).setText(body)
                .addHeader("Date", "Mon, 23 Nov 2026 10:15:00 +0000"))
            .sender("doctor@hospital.example").recipients("patient@gmail.example").build();
        SubjectTriggerMatcher trigger = new SubjectTriggerMatcher();
        trigger.init(FakeMatcherConfig.builder().matcherName("SubjectTriggerMatcher").build());
        trigger.match(mail);
        DlpMatcher matcher = new DlpMatcher(new FileSystemImpl(new JamesServerResourceLoader(home.toString())));
        matcher.init(FakeMatcherConfig.builder().matcherName("DlpMatcher").condition(policy).build());
        matcher.match(mail);
        return mail;
    }

    @Test
    void serviceShouldTellSenderAndComplianceWithMaskedSamplesOnly() throws Exception {
        mailet.service(scanned("both", "PHI: Lab results", "SSN 536-22-8845 see attached"));

        assertThat(context.getSentMails()).hasSize(2);
        FakeMailContext.SentMail toSender = context.getSentMails().get(0);
        assertThat(toSender.getRecipients()).containsExactly(new MailAddress("doctor@hospital.example"));
        assertThat(toSender.getSender()).isEqualTo(new MailAddress("secure-messenger@hospital.example"));
        String senderBody = (String) toSender.getMsg().getContent();
        assertThat(senderBody).contains("\"both\"").contains("\"Lab results\"").contains("***-**-8845")
            .doesNotContain("536-22").doesNotContain("PHI:");

        FakeMailContext.SentMail toCompliance = context.getSentMails().get(1);
        assertThat(toCompliance.getRecipients()).containsExactly(new MailAddress("privacy@hospital.example"));
        String complianceBody = (String) toCompliance.getMsg().getContent();
        assertThat(complianceBody).contains("doctor@hospital.example").contains("***-**-8845")
            .doesNotContain("Lab results").doesNotContain("patient@gmail.example").doesNotContain("536-22");
    }

    @Test
    void serviceShouldNotQuoteASubjectThatHoldsPhi() throws Exception {
        mailet.service(scanned("both", "Results for 536-22-8845", "see attached"));

        String senderBody = (String) context.getSentMails().get(0).getMsg().getContent();
        assertThat(senderBody).doesNotContain("Results for").contains("subject line itself").contains("Monday 23 November 2026, 10:15");
    }

    @Test
    void serviceShouldStayQuietWhenThePolicyAsksForNoNotice() throws Exception {
        mailet.service(scanned("silent", "x", "SSN 536-22-8845"));

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldIgnoreMailsWithoutDlpHit() throws Exception {
        mailet.service(scanned("both", "x", "nothing here"));

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendFromThePostmasterWhenNoAddressIsConfigured() throws Exception {
        NotifyDlpHit defaults = new NotifyDlpHit();
        defaults.init(FakeMailetConfig.builder().mailetName("NotifyDlpHit").mailetContext(context).build());

        defaults.service(scanned("both", "x", "SSN 536-22-8845"));

        assertThat(context.getSentMails()).first()
            .satisfies(sent -> assertThat(sent.getSender()).isEqualTo(new MailAddress("postmaster@hospital.example")));
    }

    @Test
    void initShouldRefuseABadFromAddress() {
        NotifyDlpHit bad = new NotifyDlpHit();
        assertThatThrownBy(() -> bad.init(FakeMailetConfig.builder().mailetName("NotifyDlpHit").mailetContext(context)
            .setProperty("from", "not an address").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("from=not an address");
    }

    @Test
    void initShouldRefuseUnknownParameters() {
        NotifyDlpHit bad = new NotifyDlpHit();
        assertThatThrownBy(() -> bad.init(FakeMailetConfig.builder().mailetName("NotifyDlpHit").mailetContext(context)
            .setProperty("sender", "x@y.example").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("sender");
    }
}
