package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy shipped in james-conf/, as administrators get it. */
class DefaultPolicyTest {
    static final Path SHIPPED = Path.of("..", "james-conf", "dlp-policies.xml");

    private final DlpPolicy hipaa = DlpPolicies.load(SHIPPED).policy("hipaa").orElseThrow();
    private final DlpScanner scanner = new DlpScanner();

    private DlpReport scanBody(String body) {
        return scanner.scan(hipaa, List.of(Segment.of(Location.SUBJECT, "Follow-up"), Segment.of(Location.textBody(1), body)));
    }

    @Test
    void shippedFileShouldDefineTheDocumentedPolicies() {
        assertThat(DlpPolicies.load(SHIPPED).names()).containsExactly("hipaa", "identifiers-only");
        assertThat(hipaa.notifySender()).isTrue();
    }

    @Test
    void hipaaShouldFireOnAFormattedSsn() {
        assertThat(scanBody("Her SSN is 536-22-8845.").firedRules()).containsExactly("ssn");
    }

    @Test
    void hipaaShouldFireOnAMedicalRecordNumberAfterItsKeyword() {
        assertThat(scanBody("Patient MRN: 00482913 seen today").firedRules()).contains("mrn");
    }

    @Test
    void hipaaShouldNotFireOnTheSameDigitsWithoutContext() {
        assertThat(scanBody("Invoice 00482913 is attached; call 415-514-4100.").fired()).isFalse();
    }

    @Test
    void hipaaShouldFireOnADateOfBirthOnlyNearItsKeyword() {
        DlpReport report = scanBody("DOB: 03/14/1962");
        assertThat(report.firedRules()).containsExactly("date-of-birth");
        assertThat(report.findings().get(0).maskedSample()).isEqualTo("**/**/****");
        assertThat(scanBody("The meeting of 03/14/1962 is history.").fired()).isFalse();
    }

    @Test
    void hipaaShouldFireOnDiagnosisCodesOnlyNearDiagnosisTerms() {
        assertThat(scanBody("Diagnosis: E11.9, type 2 diabetes").firedRules()).containsExactly("diagnosis-code");
        assertThat(scanBody("Meet in room B12 at 3pm").fired()).isFalse();
    }

    @Test
    void hipaaShouldFireOnAProviderIdOnlyNextToHealthTerms() {
        assertThat(scanBody("Our billing NPI is 1234567893.").fired()).isFalse();
        assertThat(scanBody("NPI 1234567893 prescribed the medication for the patient.").firedRules())
            .containsExactly("provider-id-with-health-term");
    }

    @Test
    void hipaaShouldFireOnADeaNumberNamedAsSuchAsPurviewDoes() {
        for (String body : List.of("DEA AB1234563", "DEA# AB1234563", "Prescriber DEA number: AB1234563",
            "Registered with the Drug Enforcement Administration as AB1234563")) {
            assertThat(scanBody(body).firedRules()).as(body).contains("dea");
        }
        assertThat(scanBody("Order reference AB1234563 ships Monday").fired()).as("no keyword").isFalse();
        assertThat(scanBody("DEA AB1234564").fired()).as("bad check digit").isFalse();
    }

    @Test
    void hipaaShouldFlagTheSubjectWhenTheIdentifierIsThere() {
        DlpReport report = scanner.scan(hipaa, List.of(Segment.of(Location.SUBJECT, "Results for SSN 536-22-8845"),
            Segment.of(Location.textBody(1), "see attached")));
        assertThat(report.subjectFlagged()).isTrue();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(Location.SUBJECT);
            assertThat(f.maskedSample()).isEqualTo("***-**-8845");
        });
    }
}
