package io.securemessenger.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error repository keeps any mail, whatever it carries: James' JPA repository on our
 * persistence unit (Derby), with a long error message, many recipients and an IPv6 client.
 */
class JpaMailRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void aMailWithALongErrorManyRecipientsAndAnIpv6ClientShouldBeKept() throws Exception {
        EntityManagerFactory database = Persistence.createEntityManagerFactory("Global", Map.of(
            "openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver",
            "openjpa.ConnectionURL", "jdbc:derby:" + dir.resolve("james") + ";create=true"));
        try {
            JPAMailRepository repository = new JPAMailRepository(database, MailRepositoryUrl.from("jpa://var/mail/error/"));
            List<MailAddress> recipients = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                recipients.add(new MailAddress("recipient-" + i + "@outside.example"));
            }
            String error = "Exception calling io.securemessenger.mailets.SealToVault: " + "x".repeat(1000);
            Mail mail = MailImpl.builder().name("Mail1795499170721-5306c731-0c2f-484b-afd6-82e6405d9ccb")
                .sender("dr.grey@hospital.example").addRecipients(recipients)
                .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Results").setText("Normal."))
                .remoteAddr("2001:db8:85a3:1234:5678:8a2e:370:7334").remoteHost("relay.hospital.example")
                .state("error").errorMessage(error).build();

            MailKey key = repository.store(mail);
            Mail kept = repository.retrieve(key);

            assertThat(kept.getErrorMessage()).isEqualTo(error);
            assertThat(kept.getRecipients()).containsExactlyElementsOf(recipients);
            assertThat(kept.getRemoteAddr()).isEqualTo("2001:db8:85a3:1234:5678:8a2e:370:7334");
            assertThat(kept.getMessage().getSubject()).isEqualTo("Results");
        } finally {
            database.close();
        }
    }
}
