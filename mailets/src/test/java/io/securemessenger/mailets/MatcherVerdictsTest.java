package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.matchers.SubjectTriggerMatcher;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

/** The mailets read what the real matchers wrote: the attribute names are the contract between the two modules. */
class MatcherVerdictsTest {

    private static Mail triggered(String condition, String subject) throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder().setText("x").build();
        message.setHeader("Subject", subject);
        Mail mail = FakeMail.builder().name("m1").mimeMessage(message).sender("doctor@hospital.example").recipients("patient@gmail.example").build();
        SubjectTriggerMatcher matcher = new SubjectTriggerMatcher();
        FakeMatcherConfig.Builder config = FakeMatcherConfig.builder().matcherName("SubjectTriggerMatcher");
        if (condition != null) {
            config.condition(condition);
        }
        matcher.init(config.build());
        assertThat(matcher.match(mail)).isNotEmpty();
        return mail;
    }

    @Test
    void withoutTriggerShouldStripTheWordTheMatcherRecordedAndKeepReplyPrefixes() throws Exception {
        Mail mail = triggered(null, "RE: secure:Lab results");

        assertThat(MatcherVerdicts.withoutTrigger(mail, "RE: secure:Lab results")).isEqualTo("RE: Lab results");
    }

    @Test
    void withoutTriggerShouldStripAWordFoundAnywhereInContainsMode() throws Exception {
        Mail mail = triggered("words=[secure]; mode=contains", "Lab results [secure] for Monday");

        assertThat(MatcherVerdicts.withoutTrigger(mail, "Lab results [secure] for Monday")).isEqualTo("Lab results for Monday");
    }

    @Test
    void withoutTriggerShouldLeaveTheSubjectOfAnUntriggeredMailAlone() throws Exception {
        Mail mail = FakeMail.builder().name("m2").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("PHI: x").setText("x")).build();

        assertThat(MatcherVerdicts.withoutTrigger(mail, "PHI: x")).isEqualTo("PHI: x");
    }

    @Test
    void anUnknownRecordedModeShouldCountAsPrefix() throws Exception {
        Mail mail = triggered(null, "PHI: results");
        mail.setAttribute(new Attribute(MatcherVerdicts.TRIGGER_MODE, AttributeValue.of("sideways")));

        assertThat(MatcherVerdicts.withoutTrigger(mail, "PHI: results")).isEqualTo("results");
    }
}
