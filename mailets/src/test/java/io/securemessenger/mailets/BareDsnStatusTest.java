package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class BareDsnStatusTest {

    /** A report as James' DSNBounce writes it: the whole remote reply in Status and Diagnostic-Code. */
    private static MimeMessage report(String status) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Undelivered: Secure message from Dr Meredith Grey");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("Your secure message could not be announced.\n\nError message:\n" + status + "\n");
        report.addBodyPart(human);
        MimeBodyPart fields = new MimeBodyPart();
        fields.setContent("Reporting-MTA: dns; 127.0.0.1\r\n\r\nFinal-Recipient: rfc822; gone@outside.example\r\nAction: failed\r\n"
            + "Status: " + status + "\r\nDiagnostic-Code: smtp; " + status + "\r\n", "text/plain");
        fields.setHeader("Content-Type", "message/delivery-status");
        report.addBodyPart(fields);
        message.setContent(report);
        message.saveChanges();
        return message;
    }

    private static String serviced(MimeMessage message) throws Exception {
        Mail mail = FakeMail.builder().name("dsn").mimeMessage(message).recipient("dr.grey@hospital.example").build();
        BareDsnStatus mailet = new BareDsnStatus();
        mailet.init(FakeMailetConfig.builder().mailetName("BareDsnStatus").build());
        mailet.service(mail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void theStatusShouldBeTheEnhancedCodeAndTheReplyStayInTheDiagnostic() throws Exception {
        String dsn = serviced(report("550 5.1.1 <gone@outside.example>: mailbox unavailable"));

        assertThat(dsn).contains("\r\nStatus: 5.1.1\r\n").contains("Content-Type: message/delivery-status").contains("Diagnostic-Code: smtp; 550 5.1.1 <gone@outside.example>: mailbox unavailable")
            .contains("Error message:").contains("mailbox unavailable");
    }

    @Test
    void aReplyWithoutEnhancedCodeShouldGetItsClass() {
        assertThat(BareDsnStatus.bareStatuses("Status: 452 too many recipients\r\n")).isEqualTo("Status: 4.0.0\r\n");
        assertThat(BareDsnStatus.bareStatuses("Status: no idea\r\n")).isEqualTo("Status: 5.0.0\r\n");
        assertThat(BareDsnStatus.bareStatuses("Status: 2.0.0\r\nAction: delivered\r\n")).isEqualTo("Status: 2.0.0\r\nAction: delivered\r\n");
    }

    @Test
    void mailThatIsNoReportShouldBeLeftAlone() throws Exception {
        MimeMessage plain = new MimeMessage(Session.getInstance(new Properties()));
        plain.setSubject("Status: 550 not a report");
        plain.setText("Status: 550 5.1.1 in a body");
        plain.saveChanges();

        assertThat(serviced(plain)).contains("Status: 550 5.1.1 in a body");
    }
}
