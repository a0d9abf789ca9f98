package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault's database (a real PostgreSQL) stops taking connections while a mail is being
 * sealed: the mail goes to the retry processor, untouched and unsent; once the database is back
 * the same mail is sealed and its recipient notified.
 */
class SealToVaultOutageTest {
    @TempDir
    Path dir;
    private String url;
    private Vault vault;
    private FakeMailContext context;
    private SealToVault mailet;

    @BeforeEach
    void setUp() throws Exception {
        url = TestPostgres.newDatabase();
        SecurePathSettings config = TestFixtures.settings();
        vault = Vault.open(TestFixtures.vault(dir).withPostgresql(url, java.util.Optional.empty(), java.util.Optional.empty()), Clock.systemUTC());
        NotificationTemplates templates = TestFixtures.templates();
        context = TestFixtures.context();
        mailet = new SealToVault(vault, templates, config, TestFixtures.fileSystem(dir), () -> context::sendMail);
        mailet.init(FakeMailetConfig.builder().mailetName("SealToVault").mailetContext(context)
            .setProperty("retryProcessor", "vault-retry").build());
    }

    @AfterEach
    void tearDown() throws Exception {
        connections(true);
        vault.close();
    }

    @Test
    void aMailSealedWhileTheDatabaseIsDownShouldWaitInTheRetryProcessorAndBeSealedLater() throws Exception {
        Mail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom("dr.grey@hospital.example")
                .setSubject("Secure: Lab results").setText("Your results are ready."))
            .sender("dr.grey@hospital.example").recipients("patient@outside.example").build();
        assertThat(mailet.requiredProcessingState()).extracting(Object::toString).containsExactly("vault-retry", "notification-delivery");

        connections(false);
        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("vault-retry");
        assertThat(context.getSentMails()).isEmpty();

        connections(true);
        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(2)
            .anySatisfy(sent -> assertThat(sent.getRecipients()).extracting(Object::toString).containsExactly("patient@outside.example"));
        assertThat(vault.messages().masterKeysInUse()).hasSize(1);
    }

    private void connections(boolean allowed) throws Exception {
        TestPostgres.allowConnections(url, allowed);
    }
}
