package io.securemessenger.portal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page of a sealed message, kept beside it: read back, it shows what the whole message showed. */
class MessagePageTest {

    private static MessageView view(String text) throws IOException {
        return MessageView.read("msg-1", new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static MessagePage roundTrip(MessagePage page) throws IOException {
        try (InputStream in = page.toStream()) {
            return MessagePage.read(in);
        }
    }

    @Test
    void aKeptPageShouldShowWhatTheWholeMessageShowed() throws Exception {
        MessageView whole = view("From: =?UTF-8?Q?Dr_Gr=C3=A9y?= <dr.grey@hospital.example>\nTo: pat@outside.example\n"
            + "Cc: nurse@hospital.example\nDate: Tue, 1 Dec 2026 09:30:00 +0000\nSubject: x\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=b1\n\n--b1\n"
            + "Content-Type: multipart/alternative; boundary=b2\n\n--b2\nContent-Type: text/plain\n\nplain body\n--b2\n"
            + "Content-Type: text/html\n\n<p>html <script>x()</script>body</p>\n--b2--\n--b1\n"
            + "Content-Type: application/pdf; name=report.pdf\nContent-Disposition: attachment; filename=report.pdf\n"
            + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n--b1--\n");

        MessagePage fresh = whole.page(Optional.of("Lab results \u2013 caf\u00e9"));
        MessagePage kept = roundTrip(fresh);

        assertThat(kept.subject()).contains("Lab results \u2013 caf\u00e9");
        assertThat(kept.from()).isEqualTo(fresh.from()).contains("Dr Gr\u00e9y");
        assertThat(kept.to()).isEqualTo("pat@outside.example");
        assertThat(kept.cc()).isEqualTo("nurse@hospital.example");
        assertThat(kept.sent()).isEqualTo(fresh.sent()).contains(java.time.Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(kept.safeHtml()).isEqualTo(fresh.safeHtml());
        assertThat(kept.safeHtml()).hasValueSatisfying(h -> assertThat(h).contains("html").doesNotContain("script"));
        assertThat(kept.text()).as("the HTML part is shown instead").isEmpty();
        assertThat(kept.attachments()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(whole.attachments().get(0).id());
            assertThat(a.name()).isEqualTo("report.pdf");
            assertThat(a.size()).isEqualTo(8);
        });
    }

    @Test
    void aPlainMessageWithoutSubjectDateOrAttachmentsShouldKeepItsAbsences() throws Exception {
        MessagePage kept = roundTrip(view("From: a@b.example\n\nonly text\n").page(Optional.empty()));

        assertThat(kept.subject()).isEmpty();
        assertThat(kept.sent()).isEmpty();
        assertThat(kept.to()).isEmpty();
        assertThat(kept.text()).contains("only text\r\n");
        assertThat(kept.safeHtml()).isEmpty();
        assertThat(kept.attachments()).isEmpty();
    }

    @Test
    void anythingElseOrAnotherVersionShouldBeRefusedNotMisread() throws Exception {
        byte[] page = view("From: a@b.example\n\nonly text\n").page(Optional.of("s")).toStream().readAllBytes();
        byte[] otherVersion = page.clone();
        otherVersion[7] = 9;

        assertThatThrownBy(() -> MessagePage.read(new ByteArrayInputStream(otherVersion))).isInstanceOf(IOException.class)
            .hasMessageContaining("version 9");
        assertThatThrownBy(() -> MessagePage.read(new ByteArrayInputStream(Arrays.copyOf(page, page.length - 3))))
            .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MessagePage.read(new ByteArrayInputStream("subject=s\n".getBytes(StandardCharsets.UTF_8))))
            .isInstanceOf(IOException.class).hasMessageContaining("not a message page");
    }
}
