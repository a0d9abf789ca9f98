package io.securemessenger.dlp.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordSetTest {

    @Test
    void findShouldMatchWholeWordsCaseInsensitively() {
        KeywordSet set = KeywordSet.of("k", List.of("Patient", "date of birth"));
        String text = "PATIENT outpatient patients; Date of Birth";
        KeywordSet.Occurrences found = set.find(text, 0, text.length());
        assertThat(found.size()).isEqualTo(2);
        assertThat(found.start(0)).isZero();
        assertThat(text.substring(found.start(1), found.end(1))).isEqualTo("Date of Birth");
    }

    @Test
    void nearShouldHonourTheWindowOnBothSides() {
        KeywordSet set = KeywordSet.of("k", List.of("dob"));
        String text = "dob" + " ".repeat(10) + "X" + " ".repeat(30) + "Y";
        KeywordSet.Occurrences found = set.find(text, 0, text.length());
        assertThat(found.near(13, 14, 11, 3)).isTrue();
        assertThat(found.near(44, 45, 11, 3)).isFalse();
    }

    @Test
    void findShouldMatchTermsWithPunctuationAndTermsSharingAFirstWord() {
        KeywordSet set = KeywordSet.of("k", List.of("d.o.b", "ICD-10", "medical record", "medical record number", "ss#"));
        String text = "D.O.B. 1/2/1990; icd-10 code; Medical Record Number 12; SS# 1; icd-100 is not";
        KeywordSet.Occurrences found = set.find(text, 0, text.length());

        java.util.List<String> terms = new java.util.ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            terms.add(text.substring(found.start(i), found.end(i)));
        }
        assertThat(terms).containsExactly("D.O.B", "icd-10", "Medical Record", "Medical Record Number", "SS#");
    }

    @Test
    void indexShouldFindSeveralListsInOnePass() {
        KeywordSet a = KeywordSet.of("a", List.of("patient"));
        KeywordSet b = KeywordSet.of("b", List.of("dob", "patient id"));
        String text = "Patient ID 4; DOB: x; the patient";
        KeywordSet.Occurrences[] found = KeywordIndex.of(List.of(a, b)).find(text, 0, text.length());

        assertThat(found[0].size()).isEqualTo(2);
        assertThat(found[1].size()).isEqualTo(2);
        assertThat(found[1].start(1)).isEqualTo(text.indexOf("DOB"));
    }

    @Test
    void findShouldMatchTermsWhoseFirstLetterIsBeyondAsciiOrLowerCasesToAscii() {
        // The KELVIN SIGN lower-cases to 'k'; 'É' to 'é'.
        KeywordSet set = KeywordSet.of("k", List.of("kidney", "échographie"));
        String text = "\u212Aidney; ÉCHOGRAPHIE; Kidney";
        KeywordSet.Occurrences found = set.find(text, 0, text.length());
        assertThat(found.size()).isEqualTo(3);
        assertThat(found.start(1)).isEqualTo(text.indexOf('É'));
    }

    @Test
    void ofShouldRefuseAnEmptyList() {
        assertThatThrownBy(() -> KeywordSet.of("empty", List.of(" ", ""))).hasMessageContaining("empty");
    }

    @Test
    void aTermStartingWithADigitShouldBeFoundWhereTheSamePassReadsNumbers() {
        KeywordSet set = KeywordSet.of("k", List.of("42 cfr", "2nd opinion"));
        String text = "Under 42 CFR part 2, a 2nd opinion; 42 CFRs and 142 CFR are not; 078-05-1120.";
        ScanText scan = new ScanText(text, KeywordIndex.of(List.of(set)));
        KeywordSet.Occurrences found = scan.occurrences(set);

        java.util.List<String> terms = new java.util.ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            terms.add(text.substring(found.start(i), found.end(i)));
        }
        assertThat(terms).containsExactly("42 CFR", "2nd opinion");
        NumberTokens tokens = scan.numberTokens();
        java.util.List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            numbers.add(text.substring(tokens.start(i), tokens.end(i)));
        }
        assertThat(numbers).containsExactly("42", "2", "42", "142", "078-05-1120");
    }
}
