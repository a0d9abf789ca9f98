package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class RecordErrorReasonTest {

    private static Mail mail(String error) throws Exception {
        Mail mail = FakeMail.builder().name("m1").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("x").setText("x"))
            .sender("dr.grey@hospital.example").recipients("patient@outside.example").state(Mail.ERROR).build();
        mail.setErrorMessage(error);
        return mail;
    }

    private static RecordErrorReason mailet() throws Exception {
        RecordErrorReason mailet = new RecordErrorReason();
        mailet.init(FakeMailetConfig.builder().mailetName("RecordErrorReason").build());
        return mailet;
    }

    @Test
    void aMailWithoutAReasonShouldBeGivenOneAnAdministratorCanRead() throws Exception {
        for (String none : new String[] {null, "", "  "}) {
            Mail mail = mail(none);

            mailet().service(mail);

            assertThat(mail.getErrorMessage()).isEqualTo(RecordErrorReason.UNKNOWN);
        }
    }

    @Test
    void aReasonAMailetRecordedShouldBeKept() throws Exception {
        Mail mail = mail("Exception calling SealToVault: Not sealed: database refused");

        mailet().service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo("Exception calling SealToVault: Not sealed: database refused");
    }
}
