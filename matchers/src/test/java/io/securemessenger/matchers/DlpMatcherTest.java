package io.securemessenger.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlpMatcherTest {
    @TempDir
    Path jamesHome;
    private FileSystemImpl fileSystem;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(jamesHome.resolve("conf"));
        Files.copy(Path.of("..", "james-conf", "dlp-policies.xml"), jamesHome.resolve("conf/dlp-policies.xml"));
        fileSystem = new FileSystemImpl(new JamesServerResourceLoader(jamesHome.toString()));
    }

    private DlpMatcher matcher(String condition) throws MessagingException {
        DlpMatcher matcher = new DlpMatcher(fileSystem);
        matcher.init(FakeMatcherConfig.builder().matcherName("DlpMatcher").condition(condition).build());
        return matcher;
    }

    private static Mail mail(String subject, String body) throws Exception {
        return FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(subject).setText(body))
            .sender("doctor@hospital.example").recipients("patient@gmail.example")
            .build();
    }

    private static List<String> findings(Mail mail) {
        // Read as the mailets read them (MatcherVerdicts, whose tests run this matcher too).
        return mail.getAttribute(DlpMatcher.FINDINGS).map(a -> (Collection<?>) a.getValue().value()).orElse(List.of()).stream()
            .map(v -> String.valueOf(((AttributeValue<?>) v).value())).collect(Collectors.toList());
    }

    @Test
    void matchShouldReturnAllRecipientsAndRecordFindingsWithoutValues() throws Exception {
        Mail mail = mail("Follow-up", "Patient SSN 536-22-8845, DOB: 03/14/1962");

        Collection<MailAddress> matched = matcher("hipaa").match(mail);

        assertThat(matched).containsExactly(new MailAddress("patient@gmail.example"));
        assertThat(AttributeUtils.getValueAndCastFromMail(mail, DlpMatcher.POLICY, String.class)).contains("hipaa");
        assertThat(findings(mail)).hasSize(2).allSatisfy(f -> assertThat(f).doesNotContain("536-22").doesNotContain("1962"));
        assertThat(findings(mail).get(0)).contains("\"rule\":\"ssn\"").contains("***-**-8845");
        assertThat(AttributeUtils.getValueAndCastFromMail(mail, DlpMatcher.SUBJECT_FLAGGED, Boolean.class)).contains(false);
    }

    @Test
    void matchShouldReturnNothingForCleanMail() throws Exception {
        Mail mail = mail("Lunch", "See you at noon in room B12.");

        assertThat(matcher("hipaa").match(mail)).isEmpty();
        assertThat(mail.getAttribute(DlpMatcher.POLICY)).isEmpty();
    }

    @Test
    void matchShouldFlagPhiInTheSubject() throws Exception {
        Mail mail = mail("Card 4111 1111 1111 1111", "see subject");

        matcher("hipaa").match(mail);

        assertThat(AttributeUtils.getValueAndCastFromMail(mail, DlpMatcher.SUBJECT_FLAGGED, Boolean.class)).contains(true);
    }

    @Test
    void matchShouldTreatAnUnparseableMessageAsAHit() throws Exception {
        Mail mail = FakeMail.builder().name("broken")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("Content-Type", "multipart/mixed; boundary=\"nope\"").setText("no boundary here"))
            .sender("doctor@hospital.example").recipients("patient@gmail.example").build();
        mail.getMessage().setHeader("Content-Type", "multipart/mixed; boundary=\"nope\"");

        assertThat(matcher("hipaa").match(mail)).hasSize(1);
    }

    @Test
    void conditionMayNameAnotherPolicyFile() throws Exception {
        Files.writeString(jamesHome.resolve("conf/other.xml"),
            "<dlp-policies><keywords id='k'>secret</keywords><policy name='only-secret'><rule id='s' keywords='k'/></policy></dlp-policies>");

        DlpMatcher matcher = matcher("policy=only-secret; file=file://conf/other.xml");

        assertThat(matcher.match(mail("x", "top secret"))).hasSize(1);
        assertThat(matcher.match(mail("x", "SSN 536-22-8845"))).isEmpty();
    }

    @Test
    void initShouldNameAnUndefinedPolicyAndListTheDefinedOnes() {
        assertThatThrownBy(() -> matcher("hippa"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("'hippa'").hasMessageContaining("hipaa, identifiers-only");
    }

    @Test
    void initShouldRequireAPolicyName() {
        assertThatThrownBy(() -> matcher(null)).hasMessageContaining("name a policy");
    }

    @Test
    void initShouldReportAMissingFile() {
        assertThatThrownBy(() -> matcher("policy=hipaa; file=file://conf/missing.xml")).hasMessageContaining("conf/missing.xml");
    }
}
