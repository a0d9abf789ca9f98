package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.matchers.DlpMatcher;
import io.securemessenger.matchers.SubjectTriggerMatcher;
import io.securemessenger.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail queue between processors keeps only what James can write as JSON: its JMS queue (ours,
 * ActiveMQ) and its distributed one serialise each attribute with {@link AttributeValue#toJson()}
 * and read it back with {@link AttributeValue#fromJsonString}, and silently drop any attribute that
 * has no JSON form. Every attribute the real matchers and mailets set on a sealed mail and on its
 * notifications must come back equal.
 */
class QueuedAttributesTest {
    @TempDir
    Path dir;

    @Test
    void everyAttributeOfASealedMailAndItsNotificationsShouldSurviveJamesJsonForm() throws Exception {
        Mail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom("Dr Meredith Grey <dr.grey@hospital.example>")
                .setSubject("PHI: Jane Roe SSN 536-22-8845 HIV positive")
                .setText("Patient Jane Roe, SSN 536-22-8845, diagnosis: HIV. Medical record attached."))
            .sender("dr.grey@hospital.example").recipients("patient@outside.example").build();
        SubjectTriggerMatcher trigger = new SubjectTriggerMatcher();
        trigger.init(FakeMatcherConfig.builder().matcherName("SubjectTriggerMatcher").build());
        trigger.match(mail);
        DlpMatcher dlp = new DlpMatcher(TestFixtures.fileSystem(dir));
        dlp.init(FakeMatcherConfig.builder().matcherName("DlpMatcher").condition("hipaa").build());
        dlp.match(mail);
        mail.setAttribute(new Attribute(SealToVault.TLS_FALLBACK, AttributeValue.of("true")));

        FakeMailContext context = TestFixtures.context();
        try (Vault vault = Vault.open(TestFixtures.vault(dir), Clock.systemUTC())) {
            SealToVault seal = new SealToVault(vault, TestFixtures.templates(), TestFixtures.settings(), TestFixtures.fileSystem(dir), Clock.systemUTC(),
                () -> context::sendMail);
            seal.init(FakeMailetConfig.builder().mailetName("SealToVault").mailetContext(context).build());
            seal.service(mail);
        }

        List<Attribute> set = new ArrayList<>(mail.attributes().collect(Collectors.toList()));
        context.getSentMails().forEach(sent -> set.addAll(sent.getAttributes().values()));
        assertThat(set).extracting(Attribute::getName).contains(SubjectTriggerMatcher.TRIGGER, SubjectTriggerMatcher.TRIGGER_MODE,
            DlpMatcher.POLICY, DlpMatcher.FINDINGS, DlpMatcher.SUBJECT_FLAGGED, DlpMatcher.NOTIFY_SENDER, SealToVault.TLS_FALLBACK,
            SealToVault.SEALED_AS, SealToVault.NOTIFICATION, SealToVault.DELIVERY, SealToVault.ORIGINAL_SENDER);
        for (Attribute attribute : set) {
            assertThat(attribute.getValue().toJson()).as("%s has a JSON form", attribute.getName().asString()).isPresent();
            AttributeValue<?> back = AttributeValue.fromJsonString(attribute.getValue().toJson().orElseThrow().toString());
            assertThat(back).as(attribute.getName().asString()).isEqualTo(attribute.getValue());
        }
    }
}
