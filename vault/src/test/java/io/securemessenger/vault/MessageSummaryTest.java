package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSummaryTest {
    private static final Instant SENT = Instant.parse("2026-11-23T10:15:00Z");

    @Test
    void aFlaggedSubjectShouldBeWithheldFromWhatQuotesItAndSurviveSealing() throws Exception {
        MessageSummary summary = new MessageSummary("Jane Roe SSN 536-22-8845", SENT, List.of("a@outside.example"),
            List.of(new MessageSummary.Attachment("results.pdf", 2048))).withSubjectFlagged(true);

        MessageSummary read = MessageSummary.read(summary.toStream());

        assertThat(read.subjectFlagged()).isTrue();
        assertThat(read.quotableSubject()).isEqualTo(MessageSummary.WITHHELD_SUBJECT).doesNotContain("536");
        assertThat(read.subject()).isEqualTo("Jane Roe SSN 536-22-8845");
        assertThat(read.attachments()).extracting(MessageSummary.Attachment::name).containsExactly("results.pdf");
    }

    @Test
    void anUnflaggedSubjectShouldBeQuotedAsItIs() throws Exception {
        MessageSummary read = MessageSummary.read(new MessageSummary("Lab results", SENT, List.of(), List.of()).toStream());

        assertThat(read.subjectFlagged()).isFalse();
        assertThat(read.quotableSubject()).isEqualTo("Lab results");
    }

    @Test
    void aSummarySealedBeforeTheFlagExistedShouldReadAsUnflagged() throws Exception {
        String old = "subject=Lab results\nsent-at=2026-11-23T10\\:15\\:00Z\nrecipients=0\nattachments=0\n";

        MessageSummary read = MessageSummary.read(new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8)));

        assertThat(read.subjectFlagged()).isFalse();
        assertThat(read.quotableSubject()).isEqualTo("Lab results");
    }
}
