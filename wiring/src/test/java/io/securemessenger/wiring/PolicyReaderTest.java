package io.securemessenger.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.portal.PolicyInForce;
import io.securemessenger.portal.PortalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy in force as read from the configuration this repository ships (james-conf/), and from an edited copy. */
class PolicyReaderTest {
    private static final Path SHIPPED = Path.of("..", "james-conf");

    @TempDir
    Path dir;

    private PolicyInForce read(Path conf) throws Exception {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("portal.url", "https://secure.hospital.example/");
        properties.addProperty("retention.period", "10 days");
        SecureMessengerConfig config = SecureMessengerConfig.from(properties, dir);
        PortalConfig portal = PortalConfig.builder().keystore(dir.resolve("keystore.p12"), "x".toCharArray())
            .officers(List.of("privacy.officer@hospital.example")).publicUrl("https://secure.hospital.example").build();
        return PolicyReader.read(conf, config, portal);
    }

    @Test
    void theShippedConfigurationShouldReadAsItsRoutingTlsDlpRetentionAndPortalSettings() throws Exception {
        PolicyInForce policy = read(SHIPPED);

        assertThat(policy.sections()).extracting(PolicyInForce.Section::title)
            .containsExactly("Routing", "TLS", "DLP policy hipaa", "DLP policy identifiers-only", "Retention", "Portal", "Audit trail");
        String text = policy.text();
        assertThat(text).contains("Local domains (mailboxes here, internal) = localhost   (domainlist.xml")
            .contains("Trigger words (subject) = ePHI:, PHI:, Secure:   (mailetcontainer.xml: SubjectTriggerMatcher)")
            .contains("Trigger word mode = prefix").contains("DLP policy whose hits are sealed = hipaa")
            .contains("Networks allowed to relay (internal mail servers) = 127.0.0.0/8")
            .contains("Outside mail: STARTTLS = required, the server's certificate must match its name")
            .contains("A server without STARTTLS = the mail is sealed and the recipient notified (never sent in clear)")
            .contains("Notifications (a link, no content): STARTTLS = used when offered")
            .contains("Rule ssn = detector us-ssn").contains("Rule mrn = detector mrn-number, near mrn-terms within 30 characters")
            .contains("Told of a hit = the sender")
            .contains("Sealed messages can be read for = 10 days")
            .contains("Compliance officers (password and TOTP) = privacy.officer@hospital.example")
            .contains("Recipients' passwords = at least 12 characters")
            .contains("Forwarded live to a SIEM (syslog, RFC 5424 over TLS) = (not forwarded)");
        assertThat(policy.fingerprint()).hasSize(64).isEqualTo(read(SHIPPED).fingerprint());
    }

    @Test
    void anEditedConfigurationShouldReadAsEditedWithAnotherFingerprint() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        for (String file : List.of("mailetcontainer.xml", "smtpserver.xml", "dlp-policies.xml", "domainlist.xml")) {
            Files.copy(SHIPPED.resolve(file), conf.resolve(file));
        }
        Path mailets = conf.resolve("mailetcontainer.xml");
        Files.writeString(mailets, Files.readString(mailets)
            .replace("words=ePHI:, PHI:, Secure:; mode=prefix", "words=Confidential:; mode=anywhere")
            .replace("ExternalRecipientMatcher=trusted=; departments=", "ExternalRecipientMatcher=trusted=exchange.hospital.example; departments=")
            .replace("<mailet match=\"io.securemessenger.mailets.RemoteLacksStartTls\"", "<mailet match=\"All\""));

        Path domains = conf.resolve("domainlist.xml");
        Files.writeString(domains, Files.readString(domains).replace("<domainname>localhost</domainname>",
            "<domainname>hospital.example</domainname><domainname>clinic.example</domainname>"));

        PolicyInForce edited = read(conf);

        assertThat(edited.text()).contains("Local domains (mailboxes here, internal) = hospital.example, clinic.example")
            .contains("Trigger words (subject) = Confidential:").contains("Trigger word mode = anywhere")
            .contains("Trusted domains (internal, in clear) = exchange.hospital.example")
            .contains("A server without STARTTLS = the mail bounces to its sender");
        assertThat(edited.fingerprint()).isNotEqualTo(read(SHIPPED).fingerprint());
    }
}
