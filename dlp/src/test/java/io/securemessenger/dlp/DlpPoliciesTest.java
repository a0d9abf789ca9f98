package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DlpPoliciesTest {

    private static DlpPolicies parse(String xml) {
        return DlpPolicies.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    @Test
    void parseShouldResolveKeywordsPatternsAndNotification() {
        DlpPolicies policies = parse("<dlp-policies><keywords id='k'>a, b\nc</keywords><pattern id='acct' regex='ACCT-\\d{5}'/>"
            + "<policy name='p' notify='sender, compliance' compliance-address='privacy@example.org'>"
            + "<rule id='r1' detector='acct' near='k' window='10' min-count='2'/><rule id='r2' keywords='k'/></policy></dlp-policies>");

        DlpPolicy p = policies.policy("p").orElseThrow();
        assertThat(p.rules()).extracting(DlpRule::id).containsExactly("r1", "r2");
        assertThat(p.rules().get(0).window()).isEqualTo(10);
        assertThat(p.rules().get(0).minCount()).isEqualTo(2);
        assertThat(p.rules().get(0).near().orElseThrow().terms()).containsExactly("a", "b", "c");
        assertThat(p.notifySender()).isTrue();
        assertThat(p.complianceAddress()).contains("privacy@example.org");
    }

    @Test
    void parseShouldNameTheUnknownDetector() {
        assertThatThrownBy(() -> parse("<dlp-policies><policy name='p'><rule id='r' detector='nope'/></policy></dlp-policies>"))
            .isInstanceOf(PolicyException.class)
            .hasMessageContaining("test.xml").hasMessageContaining("rule 'r'").hasMessageContaining("'nope'");
    }

    @Test
    void parseShouldNameTheBadNumber() {
        assertThatThrownBy(() -> parse("<dlp-policies><policy name='p'><rule id='r' detector='npi' min-count='two'/></policy></dlp-policies>"))
            .hasMessageContaining("min-count=\"two\"");
        assertThatThrownBy(() -> parse("<dlp-policies><policy name='p'><rule id='r' detector='npi' min-count='0'/></policy></dlp-policies>"))
            .hasMessageContaining("min-count must be at least 1");
    }

    @Test
    void parseShouldRefuseAnInvalidRegex() {
        assertThatThrownBy(() -> parse("<dlp-policies><pattern id='x' regex='(('/><policy name='p'><rule id='r' detector='x'/></policy></dlp-policies>"))
            .hasMessageContaining("invalid regex");
    }

    @Test
    void parseShouldRequireAComplianceAddressWhenNotifyingCompliance() {
        assertThatThrownBy(() -> parse("<dlp-policies><policy name='p' notify='compliance'><rule id='r' detector='npi'/></policy></dlp-policies>"))
            .hasMessageContaining("compliance-address");
    }

    @Test
    void parseShouldRefuseWindowWithoutNear() {
        assertThatThrownBy(() -> parse("<dlp-policies><policy name='p'><rule id='r' detector='npi' window='5'/></policy></dlp-policies>"))
            .hasMessageContaining("needs near");
    }

    @Test
    void parseShouldRefuseDoctypes() {
        assertThatThrownBy(() -> parse("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><dlp-policies>&e;</dlp-policies>"))
            .hasMessageContaining("not a readable XML file");
    }
}
