package io.securemessenger.mailets.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationTemplatesTest {
    static final Path SHIPPED = Path.of("..", "james-conf", "notification-templates");
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 24, 10, 15, 0, 0, ZoneId.of("America/Los_Angeles"));
    private final Branding branding = Branding.of("Example Health", "#0b5394", "secure-messenger@hospital.example", "secure.hospital.example");

    private NotificationTemplates templates() throws IOException {
        return NotificationTemplates.load(SHIPPED, branding);
    }

    private static String part(MimeMessage message, int index) throws Exception {
        return (String) ((MimeMultipart) message.getContent()).getBodyPart(index).getContent();
    }

    @Test
    void recipientNotificationShouldCarryTheLinkAndTheWayInWithoutClicking() throws Exception {
        MimeMessage notice = templates().recipientNotification(new InternetAddress("patient@outside.example"), "Dr Meredith Grey",
            "dr.grey@hospital.example", java.util.Optional.of("Regarding your appointment"), "https://secure.hospital.example/m/AbC-123_x",
            NOW.plusDays(30), NOW);

        assertThat(notice.getSubject()).isEqualTo("Secure message from Dr Meredith Grey: Regarding your appointment");
        assertThat(notice.getFrom()[0].toString()).isEqualTo("Example Health <secure-messenger@hospital.example>");
        assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(notice.getContentType()).startsWith("multipart/alternative");
        for (String body : List.of(part(notice, 0), part(notice, 1))) {
            assertThat(body).contains("Dr Meredith Grey").contains("Regarding your appointment")
                .contains("https://secure.hospital.example/m/AbC-123_x").contains("secure.hospital.example")
                .contains("Thursday 24 December 2026 at 10:15 PST").contains("VIEW MESSAGE");
        }
    }

    @Test
    void aNotificationInAnyScriptShouldReadBackAsWrittenAfterTravellingAsSevenBitBytes() throws Exception {
        MimeMessage notice = templates().recipientNotification(new InternetAddress("patient@outside.example"), "Dr Zoë Åberg 李",
            "zoe@hospital.example", java.util.Optional.of("Résultats d’analyse"), "https://secure.hospital.example/m/AbC-123_x",
            NOW.plusDays(30), NOW);

        byte[] raw = bytes(notice);
        MimeMessage received = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(raw));

        for (int i = 0; i < 2; i++) {
            assertThat(part(received, i)).contains("Dr Zoë Åberg 李").contains("https://secure.hospital.example/m/AbC-123_x");
        }
        assertThat(part(received, 0)).contains("Résultats d’analyse");
        assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).as("only ASCII on the wire").matches("\\p{ASCII}*");
    }

    @Test
    void linesLongerThanSmtpCarriesShouldBeQuotedPrintable() {
        assertThat(NotificationTemplates.transferEncoding("a".repeat(998) + "\n" + "b".repeat(998))).isEqualTo("7bit");
        assertThat(NotificationTemplates.transferEncoding("a".repeat(998) + "\r\n" + "b".repeat(998))).isEqualTo("7bit");
        assertThat(NotificationTemplates.transferEncoding("a".repeat(999))).isEqualTo("quoted-printable");
        assertThat(NotificationTemplates.transferEncoding("caf\u00e9")).isEqualTo("quoted-printable");
        assertThat(NotificationTemplates.transferEncoding("nul\u0000")).isEqualTo("quoted-printable");
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void htmlShouldEscapeWhatSendersWroteAndTextShouldKeepIt() throws Exception {
        String hostile = "<script>alert('x')</script> & \"quotes\"";
        MimeMessage notice = templates().recipientNotification(new InternetAddress("patient@outside.example"), "<b>Eve</b>",
            "eve@hospital.example", java.util.Optional.of(hostile), "https://secure.hospital.example/m/t", NOW.plusDays(1), NOW);

        String html = part(notice, 1);
        assertThat(html).doesNotContain("<script>").doesNotContain("<b>Eve</b>")
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
        assertThat(part(notice, 0)).contains(hostile).contains("<b>Eve</b>");
    }

    @Test
    void senderConfirmationShouldListRecipientsAttachmentsAndTheSentTime() throws Exception {
        MimeMessage confirmation = templates().senderConfirmation(new InternetAddress("dr.grey@hospital.example"), "Lab results",
            List.of("patient@outside.example", "carer@outside.example"),
            List.of(new NotificationTemplates.Attachment("results.pdf", 245_760), new NotificationTemplates.Attachment("scan.png", 3_670_016)),
            false, false, NOW, "https://secure.hospital.example/sent", NOW);

        assertThat(confirmation.getSubject()).isEqualTo("Sent securely: Lab results");
        String text = part(confirmation, 0);
        assertThat(text).contains("patient@outside.example").contains("carer@outside.example")
            .contains("results.pdf (240 KB)").contains("scan.png (3.5 MB)").contains("Tuesday 24 November 2026 at 10:15 PST")
            .contains("https://secure.hospital.example/sent").doesNotContain("neutral subject").doesNotContain("encrypted connections");
        assertThat(part(confirmation, 1)).contains("results.pdf (240 KB)").contains("carer@outside.example");
    }

    @Test
    void senderConfirmationShouldExplainANeutralSubjectATlsFallbackAndNoAttachments() throws Exception {
        MimeMessage confirmation = templates().senderConfirmation(new InternetAddress("dr.grey@hospital.example"), "Follow-up",
            List.of("patient@outside.example"), List.of(), true, true, NOW, "https://secure.hospital.example/sent", NOW);

        assertThat(part(confirmation, 0)).contains("(none)").contains("neutral subject").contains("does not accept encrypted connections");
        assertThat(part(confirmation, 1)).contains("none").contains("neutral subject").contains("does not accept encrypted connections");
    }

    @Test
    void loadShouldNameAMissingOrBrokenTemplate(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> NotificationTemplates.load(dir, branding)).isInstanceOf(IOException.class)
            .hasMessageContaining("recipient-notification.txt.mustache").hasMessageContaining("missing");

        for (String file : new String[] {"recipient-notification.txt.mustache", "recipient-notification.html.mustache",
            "sender-confirmation.txt.mustache", "sender-confirmation.html.mustache"}) {
            Files.copy(SHIPPED.resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("sender-confirmation.html.mustache"), "{{#recipients}} never closed");
        assertThatThrownBy(() -> NotificationTemplates.load(dir, branding)).isInstanceOf(IOException.class)
            .hasMessageContaining("sender-confirmation.html.mustache");
    }

    @Test
    void brandingShouldRefuseValuesThatCouldBreakTheMessage() {
        assertThatThrownBy(() -> Branding.of("Example", "red;background:url(x)", "a@b.example", "p.example"))
            .hasMessageContaining("colour=");
        assertThatThrownBy(() -> Branding.of("Example", "#000000", "not an address", "p.example")).hasMessageContaining("from=");
        assertThatThrownBy(() -> Branding.of(" ", "#000000", "a@b.example", "p.example")).hasMessageContaining("organisation");
        assertThatThrownBy(() -> Branding.of("Example", "#000000", "a@b.example", "two words")).hasMessageContaining("portal address");
    }
}
