package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.delivery.DeliveryStatus;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: expiry destroys key and content but keeps what Sent Items shows; unread messages warn first. */
abstract class RetentionContract {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    private Vault vault;

    abstract Vault.Config config(Path dir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        vault = Vault.open(config(dir), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        vault.close();
    }

    private String seal(String id, Duration lifetime) throws Exception {
        vault.messages().seal(id, "dr.grey@hospital.example", vault.keyRing(), T0, T0.plus(lifetime),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream("results".getBytes(StandardCharsets.UTF_8)))));
        return vault.deliveries().create(id, "patient@outside.example", T0).deliveryId();
    }

    @Test
    void expiryShouldDestroyKeyAndContentButKeepTheRecordAndDeliveries() throws Exception {
        String delivery = seal("msg-old", Duration.ofDays(30));
        seal("msg-new", Duration.ofDays(90));

        assertThat(vault.expire(T0.plus(Duration.ofDays(31)), "retention")).containsExactly("msg-old");
        assertThat(vault.expire(T0.plus(Duration.ofDays(32)), "retention")).isEmpty();

        assertThatThrownBy(() -> vault.messages().open("msg-old", "body", vault.keyRing()))
            .isInstanceOf(VaultException.class).hasMessageContaining("msg-old has expired");
        assertThat(vault.messages().partIds("msg-old")).isEmpty();
        Delivery expired = vault.deliveries().find(delivery).orElseThrow();
        assertThat(expired.reached(DeliveryStatus.EXPIRED)).isTrue();
        assertThat(vault.messages().open("msg-new", "body", vault.keyRing()).readAllBytes())
            .isEqualTo("results".getBytes(StandardCharsets.UTF_8));
        assertThat(vault.audit().verify().intact()).isTrue();
        assertThat(vault.audit().verify().records()).isEqualTo(1);
    }

    @Test
    void sendersShouldBeWarnedOnceAndOnlyAboutUnreadMessages() throws Exception {
        seal("msg-unread", Duration.ofDays(30));
        String read = seal("msg-read", Duration.ofDays(30));
        seal("msg-later", Duration.ofDays(90));
        vault.deliveries().record(read, DeliveryStatus.RETRIEVED, T0.plusSeconds(60));

        Instant warnBy = T0.plus(Duration.ofDays(30));
        List<MessageRecords.Expiring> due = vault.records().unreadExpiringBy(warnBy);

        assertThat(due).extracting(MessageRecords.Expiring::messageId).containsExactly("msg-unread");
        assertThat(due.get(0).sender()).isEqualTo("dr.grey@hospital.example");
        assertThat(due.get(0).expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(vault.records().claimWarning("msg-unread", T0.plus(Duration.ofDays(27)))).isTrue();
        assertThat(vault.records().unreadExpiringBy(warnBy)).isEmpty();
    }

    @Test
    void anExpiryWarningShouldBeClaimedByOneSweeperOnlyAndGivenBackWhenItCouldNotBeSent() throws Exception {
        seal("msg-unread", Duration.ofDays(30));
        Instant at = T0.plus(Duration.ofDays(27));

        // Two nodes listed the message as due at the same moment: one of them warns.
        assertThat(vault.records().claimWarning("msg-unread", at)).isTrue();
        assertThat(vault.records().claimWarning("msg-unread", at)).isFalse();

        vault.records().releaseWarning("msg-unread");
        assertThat(vault.records().unreadExpiringBy(T0.plus(Duration.ofDays(30))))
            .extracting(MessageRecords.Expiring::messageId).containsExactly("msg-unread");
    }

    @Test
    void expiredMessagesShouldNotHoldBackKeyRotation() throws Exception {
        seal("msg-old", Duration.ofDays(1));
        vault.expire(T0.plus(Duration.ofDays(2)), "retention");

        vault.rotateKeys("admin");
        Vault.KeyChange retirement = vault.retireKeys("admin");

        assertThat(retirement.rewrapped()).isZero();
        assertThat(retirement.retired()).containsExactly("mk-0001");
    }

    @Test
    void aDestroyedMessageStillListsItsDeliveriesForSentItems() throws Exception {
        seal("msg-old", Duration.ofDays(1));
        vault.expire(T0.plus(Duration.ofDays(2)), "retention");

        List<Delivery> deliveries = vault.deliveries().forMessage("msg-old");
        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.recipient()).isEqualTo("patient@outside.example"));
    }

    @Test
    void theSendersSummaryShouldBeSealedWithTheMessageAndGoWithIt() throws Exception {
        MessageSummary summary = new MessageSummary("Résultats: biopsy = fine", T0, List.of("patient@outside.example", "carer@elsewhere.example"),
            List.of(new MessageSummary.Attachment("report 1.pdf", 52_000), new MessageSummary.Attachment("x=y:z.txt", 0)));
        vault.messages().seal("msg-summary", "dr.grey@hospital.example", vault.keyRing(), T0, T0.plus(Duration.ofDays(1)),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8))),
                SealedMessageStore.Part.of(MessageSummary.PART, summary.toStream())));
        seal("msg-without", Duration.ofDays(1));

        MessageSummary read = vault.summary("msg-summary").orElseThrow();
        assertThat(read.subject()).isEqualTo("Résultats: biopsy = fine");
        assertThat(read.sentAt()).isEqualTo(T0);
        assertThat(read.recipients()).containsExactly("patient@outside.example", "carer@elsewhere.example");
        assertThat(read.attachments()).extracting(MessageSummary.Attachment::name).containsExactly("report 1.pdf", "x=y:z.txt");
        assertThat(read.attachments()).extracting(MessageSummary.Attachment::size).containsExactly(52_000L, 0L);
        assertThat(vault.summary("msg-without")).isEmpty();

        vault.expire(T0.plus(Duration.ofDays(2)), "retention");
        assertThat(vault.summary("msg-summary")).isEmpty();
    }

    @Test
    void retiringShouldFirstRewrapWhatAnotherServerSealedWithTheOldKeyAfterTheRotation() throws Exception {
        KeyRing before = vault.keyRing();
        seal("msg-before", Duration.ofDays(30));
        assertThat(vault.rotateKeys("admin").rewrapped()).isEqualTo(1);
        // A second server, not yet reloaded, seals with the old primary key.
        vault.messages().seal("msg-straggler", "dr.grey@hospital.example", before, T0, T0.plus(Duration.ofDays(30)),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream("late".getBytes(StandardCharsets.UTF_8)))));
        assertThat(vault.keyRing().ids()).as("rotation alone retires nothing").containsExactlyInAnyOrder("mk-0001", "mk-0002");

        Vault.KeyChange retirement = vault.retireKeys("admin");

        assertThat(retirement.rewrapped()).isEqualTo(1);
        assertThat(retirement.retired()).containsExactly("mk-0001");
        assertThat(vault.keyRing().ids()).containsExactly("mk-0002");
        assertThat(vault.messages().open("msg-straggler", "body", vault.keyRing()).readAllBytes())
            .isEqualTo("late".getBytes(StandardCharsets.UTF_8));
        assertThat(vault.audit().verify().intact()).isTrue();
    }
}
