package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.incident.DlpIncident;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DLP hits become incidents in a real (Derby) vault, once per rule and place, never holding a value or a file name. */
class RecordDlpIncidentTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

    @TempDir
    Path dir;
    private Vault vault;
    private RecordDlpIncident mailet;
    private final List<MailImpl> built = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        mailet = new RecordDlpIncident(vault, Clock.fixed(NOW, ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDlpIncident").mailetContext(FakeMailContext.defaultContext()).build());
    }

    @AfterEach
    void tearDown() {
        built.forEach(MailImpl::dispose);
        vault.close();
    }

    private MailImpl hit(String name, String... findings) throws Exception {
        MailImpl mail = MailImpl.builder().name(name).sender("Dr.Grey@Hospital.Example").addRecipient("patient@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Results").setText("SSN 536-22-8845"))
            .addAttribute(new Attribute(MatcherVerdicts.DLP_POLICY, AttributeValue.of("hipaa")))
            .addAttribute(new Attribute(MatcherVerdicts.DLP_FINDINGS,
                AttributeValue.of(java.util.Arrays.stream(findings).map(AttributeValue::of).collect(Collectors.toList()))))
            .build();
        mail.setState("secure");
        built.add(mail);
        return mail;
    }

    private static String finding(String rule, String location, int count, String sample) {
        return "{\"policy\":\"hipaa\",\"rule\":\"" + rule + "\",\"location\":\"" + location + "\",\"count\":" + count + ",\"sample\":\"" + sample + "\"}";
    }

    @Test
    void eachRuleAndPlaceShouldBeOneIncidentUnderTheSealedIdRecordedOnce() throws Exception {
        MailImpl mail = hit("mail-1", finding("ssn", "text-body", 1, "***-**-8845"),
            finding("ssn", "attachment#2(John Smith 536-22-8845.pdf)", 2, "***-**-1234"),
            finding("ssn", "attachment#3(notes.docx)", 1, "***-**-5678"),
            finding("mrn", "subject", 1, "MRN ****4821"));

        mailet.service(mail);
        mailet.service(mail);

        List<DlpIncident> incidents = vault.incidents().between(Optional.empty(), Optional.empty(), 10);
        assertThat(incidents).hasSize(3).allSatisfy(incident -> {
            assertThat(incident.messageId()).isEqualTo(SealToVault.vaultIdOf(mail));
            assertThat(incident.sender()).isEqualTo("dr.grey@hospital.example");
            assertThat(incident.senderDomain()).isEqualTo("hospital.example");
            assertThat(incident.action()).isEqualTo("sealed");
            assertThat(incident.at()).isEqualTo(NOW);
        });
        assertThat(incidents).filteredOn(i -> i.location() == DlpIncident.Location.ATTACHMENT).singleElement().satisfies(i -> {
            assertThat(i.matches()).as("both attachments").isEqualTo(3);
            assertThat(i.sample()).isEqualTo("***-**-1234");
        });
        assertThat(incidents).extracting(DlpIncident::location).containsExactlyInAnyOrder(DlpIncident.Location.BODY,
            DlpIncident.Location.ATTACHMENT, DlpIncident.Location.SUBJECT);
        assertThat(incidents.toString() + incidents.stream().map(i -> i.sample() + i.rule()).collect(Collectors.joining()))
            .doesNotContain("536-22-8845").doesNotContain("John Smith");
        assertThat(mail.getState()).as("on to the next mailet").isEqualTo("secure");
    }

    @Test
    void aMailWithoutADlpHitShouldRecordNothing() throws Exception {
        MailImpl plain = MailImpl.builder().name("mail-2").sender("dr.grey@hospital.example").addRecipient("patient@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("PHI: results").setText("x")).build();
        built.add(plain);

        mailet.service(plain);

        assertThat(vault.incidents().between(Optional.empty(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void whileTheVaultsDatabaseDoesNotAnswerTheMailShouldWaitInTheRetryProcessorAndBeRecordedLater() throws Exception {
        String url = io.securemessenger.vault.store.TestPostgres.newDatabase();
        try (Vault postgres = Vault.open(TestFixtures.vault(dir.resolve("pg")).withPostgresql(url, Optional.empty(), Optional.empty()),
            Clock.systemUTC())) {
            RecordDlpIncident recorder = new RecordDlpIncident(postgres, Clock.fixed(NOW, ZoneOffset.UTC));
            recorder.init(FakeMailetConfig.builder().mailetName("RecordDlpIncident").mailetContext(FakeMailContext.defaultContext())
                .setProperty("retryProcessor", "incident-retry").build());
            MailImpl mail = hit("mail-3", finding("ssn", "text-body", 1, "***-**-8845"));
            io.securemessenger.vault.store.TestPostgres.allowConnections(url, false);
            try {
                recorder.service(mail);
            } finally {
                io.securemessenger.vault.store.TestPostgres.allowConnections(url, true);
            }
            assertThat(mail.getState()).isEqualTo("incident-retry");

            mail.setState("secure");
            recorder.service(mail);

            assertThat(mail.getState()).isEqualTo("secure");
            assertThat(postgres.incidents().between(Optional.empty(), Optional.empty(), 10)).hasSize(1);
        }
    }
}
