package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordNotificationAcceptedTest {
    private static final Instant SENT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private Vault vault;
    private String deliveryId;
    private RecordNotificationAccepted mailet;

    @BeforeEach
    void setUp() throws Exception {
        vault = Vault.open(TestFixtures.vault(dir), Clock.systemUTC());
        vault.messages().seal("msg-1", "dr.grey@hospital.example", vault.keyRing(), SENT, SENT.plusSeconds(3600),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream(new byte[] {1}))));
        deliveryId = vault.deliveries().create("msg-1", "patient@outside.example", SENT).deliveryId();
        vault.deliveries().record(deliveryId, DeliveryStatus.QUEUED, SENT);
        mailet = new RecordNotificationAccepted(vault, Clock.fixed(SENT.plusSeconds(30), ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("RecordNotificationAccepted").build());
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    @Test
    void anAcceptedNotificationShouldMakeItsDeliveryNotifiedAtThatTime() throws Exception {
        Mail notification = FakeMail.builder().name("n1").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Secure message").setText("link"))
            .recipient("patient@outside.example").attribute(new Attribute(SealToVault.DELIVERY, AttributeValue.of(deliveryId))).build();

        mailet.service(notification);

        Delivery delivery = vault.deliveries().find(deliveryId).orElseThrow();
        assertThat(delivery.history()).extracting(Delivery.Event::status).containsExactly(DeliveryStatus.QUEUED, DeliveryStatus.NOTIFIED);
        assertThat(delivery.history().get(1).at()).isEqualTo(SENT.plusSeconds(30));
    }

    @Test
    void mailThatIsNoNotificationShouldBeLeftAlone() throws Exception {
        Mail other = FakeMail.builder().name("m1").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("x").setText("x"))
            .recipient("patient@outside.example").build();

        mailet.service(other);

        assertThat(vault.deliveries().find(deliveryId).orElseThrow().reached(DeliveryStatus.NOTIFIED)).isFalse();
    }
}
