package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.delivery.DeliveryStore;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordUndeliverableTest {
    @TempDir
    Path dir;
    private Vault vault;
    private RecordUndeliverable mailet;
    private String deliveryId;
    /** The mails a test builds, disposed after it as James disposes its own. */
    private final java.util.List<MailImpl> built = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        Instant now = Instant.now();
        vault.messages().seal("msg-1", "dr.grey@hospital.example", vault.keyRing(), now, now.plusSeconds(3600),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream(new byte[] {1}))));
        DeliveryStore.Created created = vault.deliveries().create("msg-1", "gone@outside.example", now);
        deliveryId = created.deliveryId();
        mailet = new RecordUndeliverable(vault);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordUndeliverable").mailetContext(FakeMailContext.defaultContext()).build());
    }

    @AfterEach
    void tearDown() {
        built.forEach(MailImpl::dispose);
        vault.close();
    }

    private MailImpl bouncedNotification(boolean withOriginalSender) throws Exception {
        MailImpl.Builder builder = MailImpl.builder().name("n1").sender("secure-messenger@hospital.example")
            .addRecipient("gone@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Secure message").setText("link"))
            .addAttribute(new Attribute(SealToVault.DELIVERY, AttributeValue.of(deliveryId)));
        if (withOriginalSender) {
            builder.addAttribute(new Attribute(SealToVault.ORIGINAL_SENDER, AttributeValue.of("dr.grey@hospital.example")));
        }
        MailImpl mail = builder.build();
        built.add(mail);
        return mail;
    }

    @Test
    void serviceShouldMarkTheDeliveryAndReaddressTheBounceToTheOriginalSender() throws Exception {
        MailImpl bounce = bouncedNotification(true);

        mailet.service(bounce);

        assertThat(vault.deliveries().find(deliveryId).orElseThrow().reached(DeliveryStatus.UNDELIVERABLE)).isTrue();
        assertThat(bounce.getMaybeSender().get()).isEqualTo(new MailAddress("dr.grey@hospital.example"));
        assertThat(bounce.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(vault.audit().verify().records()).isEqualTo(1);
    }

    @Test
    void serviceShouldDropTheBounceWhenThereIsNobodyToTell() throws Exception {
        MailImpl bounce = bouncedNotification(false);

        mailet.service(bounce);

        assertThat(vault.deliveries().find(deliveryId).orElseThrow().reached(DeliveryStatus.UNDELIVERABLE)).isTrue();
        assertThat(bounce.getState()).isEqualTo(Mail.GHOST);
    }
}
