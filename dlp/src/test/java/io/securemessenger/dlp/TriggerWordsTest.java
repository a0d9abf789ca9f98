package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerWordsTest {
    private final TriggerWords defaults = TriggerWords.defaults();

    @Test
    void stripShouldRemoveTheWordAndTheSpaceAfterIt() {
        assertThat(defaults.strip("ePHI: Regarding Your Appointment")).isEqualTo("Regarding Your Appointment");
        assertThat(defaults.strip("PHI:Regarding")).isEqualTo("Regarding");
        assertThat(defaults.strip("Secure : Regarding")).isEqualTo("Regarding");
    }

    @Test
    void stripShouldKeepReplyPrefixes() {
        assertThat(defaults.strip("RE: FW: Secure: results")).isEqualTo("RE: FW: results");
    }

    @Test
    void stripShouldLeaveSubjectsWithoutTriggerUnchanged() {
        assertThat(defaults.strip("Security update")).isEqualTo("Security update");
    }

    @Test
    void stripShouldJoinTheRemainingWordsInContainsMode() {
        TriggerWords contains = TriggerWords.of(List.of("[secure]", "secure"), TriggerWords.Mode.CONTAINS);
        assertThat(contains.strip("Lab [secure] results")).isEqualTo("Lab results");
        assertThat(contains.strip("Lab results secure")).isEqualTo("Lab results");
    }
}
