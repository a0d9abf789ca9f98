package io.securemessenger.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectTriggerMatcherTest {

    static SubjectTriggerMatcher matcher(String condition) throws MessagingException {
        SubjectTriggerMatcher matcher = new SubjectTriggerMatcher();
        matcher.init(FakeMatcherConfig.builder().matcherName("SubjectTriggerMatcher").condition(condition).build());
        return matcher;
    }

    static Mail mailWithRawSubject(String rawSubject) throws Exception {
        return FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Subject", rawSubject).setText("body"))
            .sender("doctor@hospital.example").recipients("patient@gmail.example", "nurse@hospital.example")
            .build();
    }

    private static Collection<MailAddress> match(String condition, String rawSubject) throws Exception {
        return matcher(condition).match(mailWithRawSubject(rawSubject));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ePHI: Regarding Your Appointment", "PHI: Regarding Your Appointment", "Secure: Regarding Your Appointment",
        "secure:Regarding", "SECURE : Regarding", "  ephi:x", "RE: PHI: Regarding", "Fwd: RE: Secure: Regarding",
        "AW: WG: ePHI: Termin", "Re[2]: PHI: thread", "[EXTERNAL] RE: Secure: results"})
    void matchShouldAcceptDefaultTriggersAtTheStart(String subject) throws Exception {
        assertThat(match(null, subject)).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Regarding Your Appointment", "Securely sending", "Security: update", "About PHI: none", "Secure",
        "RE: about Secure: no", "Sphi: x", ""})
    void matchShouldRejectSubjectsWithoutALeadingTrigger(String subject) throws Exception {
        assertThat(match(null, subject)).isEmpty();
    }

    @Test
    void matchShouldDecodeEncodedAndFoldedSubjects() throws Exception {
        assertThat(match(null, "=?UTF-8?B?UkU6IFNlY3VyZTo=?=\r\n =?UTF-8?Q?_R=C3=A9sultats?=")).hasSize(2);
        assertThat(match(null, "=?ISO-8859-1?Q?ePHI=3A_Termin_f=FCr_Sie?=")).hasSize(2);
    }

    @Test
    void matchShouldRecordTheTriggerSoItCanBeStripped() throws Exception {
        Mail mail = mailWithRawSubject("RE: secure:Lab results");
        matcher(null).match(mail);

        assertThat(AttributeUtils.getValueAndCastFromMail(mail, SubjectTriggerMatcher.TRIGGER, String.class)).contains("Secure:");
        assertThat(AttributeUtils.getValueAndCastFromMail(mail, SubjectTriggerMatcher.TRIGGER_MODE, String.class)).contains("prefix");
    }

    @Test
    void containsModeShouldFindTheWordAnywhereIncludingBracketedForms() throws Exception {
        String condition = "words=secure, [secure]; mode=contains";
        assertThat(match(condition, "Lab results (secure)")).hasSize(2);
        assertThat(match(condition, "[SECURE] Lab results")).hasSize(2);
        assertThat(match(condition, "Results [secure]")).hasSize(2);
        assertThat(match(condition, "Insecure practices")).isEmpty();
        assertThat(match(condition, "Securely yours")).isEmpty();
    }

    @Test
    void customWordsShouldReplaceTheDefaults() throws Exception {
        assertThat(match("words=Confidential:", "Confidential: x")).hasSize(2);
        assertThat(match("words=Confidential:", "PHI: x")).isEmpty();
    }

    @Test
    void initShouldNameABadMode() {
        assertThatThrownBy(() -> matcher("mode=sometimes"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("mode=sometimes").hasMessageContaining("prefix, contains");
    }

    @Test
    void initShouldNameAnUnknownKey() {
        assertThatThrownBy(() -> matcher("word=secure")).hasMessageContaining("unknown condition key 'word'");
    }

    @Test
    void initShouldRefuseAnEmptyTrigger() {
        assertThatThrownBy(() -> matcher("words=:")).hasMessageContaining("words=");
    }
}
