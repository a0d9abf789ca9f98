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
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Automatic forwards refused back to their owner (or kept, the postmaster told) or sealed, each an incident in a real (Derby) vault. */
class HandleAutomaticForwardTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

    @TempDir
    Path dir;
    private Vault vault;
    private FakeMailContext sent;
    private ForwardingMailetContext context;

    @BeforeEach
    void setUp() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        sent = TestFixtures.context();
        // The hospital's own addresses have mailboxes here.
        context = new ForwardingMailetContext(sent) {
            @Override
            public boolean isLocalEmail(MailAddress address) {
                return address.getDomain().asString().equals("hospital.example");
            }
        };
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    private HandleAutomaticForward mailet(String action) throws Exception {
        HandleAutomaticForward mailet = new HandleAutomaticForward(vault, TestFixtures.settings(), Clock.fixed(NOW, ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("HandleAutomaticForward").mailetContext(context).setProperty("action", action)
            .setProperty("organisation", "Example Health").build());
        return mailet;
    }

    private static Mail forward(String kind, Optional<String> owner) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("someone@elsewhere.example").recipients("nurse.home@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Lab results for SSN 536-22-8845").setText("Potassium 4.1"))
            .attribute(new Attribute(MatcherVerdicts.FORWARD_KIND, AttributeValue.of(kind))).build();
        owner.ifPresent(o -> mail.setAttribute(new Attribute(MatcherVerdicts.FORWARD_OWNER, AttributeValue.of(o))));
        mail.setState("outbound");
        return mail;
    }

    @Test
    void aRefusedJamesForwardShouldGoBackToItsOwnersMailboxWhoIsToldWithoutTheContent() throws Exception {
        Mail mail = forward("James forward", Optional.of("nurse@hospital.example"));

        mailet("refuse").service(mail);

        assertThat(mail.getState()).isEqualTo("local-delivery");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("nurse@hospital.example");
        assertThat(sent.getSentMails()).singleElement().satisfies(notice -> {
            assertThat(notice.getRecipients()).extracting(MailAddress::asString).containsExactly("nurse@hospital.example");
            assertThat(notice.getMsg().getSubject()).isEqualTo("Automatic forwarding outside Example Health is not permitted");
            String text = notice.getMsg().getContent().toString();
            assertThat(text).contains("nurse.home@outside.example").contains("James forward").contains("in your mailbox instead")
                .doesNotContain("536-22-8845").doesNotContain("Potassium").doesNotContain("Lab results");
        });
        assertThat(vault.incidents().between(Optional.empty(), Optional.empty(), 10)).singleElement().satisfies(incident -> {
            assertThat(incident.rule()).isEqualTo("automatic-forward");
            assertThat(incident.location()).isEqualTo(DlpIncident.Location.FORWARD);
            assertThat(incident.action()).isEqualTo("refused");
            assertThat(incident.sender()).isEqualTo("nurse@hospital.example");
            assertThat(incident.sample()).isEqualTo("James forward");
        });
    }

    @Test
    void aRefusedForwardWithoutAKnownOwnerShouldBeKeptAndThePostmasterTold() throws Exception {
        Mail mail = forward("Sieve redirect", Optional.empty());

        mailet("refuse").service(mail);

        assertThat(mail.getState()).isEqualTo("refused-forwards");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("nurse.home@outside.example");
        assertThat(sent.getSentMails()).singleElement().satisfies(notice -> {
            assertThat(notice.getRecipients()).extracting(MailAddress::asString).containsExactly("postmaster@hospital.example");
            assertThat(notice.getMsg().getContent().toString()).contains("kept for your administrator");
        });
    }

    @Test
    void withSealTheForwardShouldGoOnToBeSealedAndCountAsAnIncident() throws Exception {
        Mail mail = forward("Exchange inbox rule", Optional.of("frontdesk@hospital.example"));

        mailet("seal").service(mail);

        assertThat(mail.getState()).isEqualTo("secure");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("nurse.home@outside.example");
        assertThat(sent.getSentMails()).isEmpty();
        assertThat(vault.incidents().between(Optional.empty(), Optional.empty(), 10)).singleElement()
            .satisfies(incident -> assertThat(incident.action()).isEqualTo("sealed"));
    }

    @Test
    void anUnknownActionShouldStopTheStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mailet("delete")).hasMessageContaining("action=delete must be refuse or seal");
    }
}
