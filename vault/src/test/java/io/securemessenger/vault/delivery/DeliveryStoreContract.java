package io.securemessenger.vault.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultDatabase;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class DeliveryStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private VaultDatabase database;
    private DeliveryStore deliveries;
    private SealedMessageStore messages;
    private KeyRing ring;

    abstract VaultDatabase openDatabase() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        database = openDatabase();
        deliveries = new DeliveryStore(database);
        messages = new SealedMessageStore(database);
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        ring = KeyRing.builder().add("mk-0001", generator.generateKey()).primary("mk-0001").build();
        messages.seal("msg-1", "dr.grey@hospital.example", ring, T0, T0.plusSeconds(3600),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream(new byte[] {1}))));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void eachRecipientShouldGetItsOwnUnguessableToken() throws Exception {
        DeliveryStore.Created first = deliveries.create("msg-1", "patient@outside.example", T0);
        DeliveryStore.Created second = deliveries.create("msg-1", "carer@outside.example", T0);

        assertThat(first.token().value()).isNotEqualTo(second.token().value()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(first.token().value()).doesNotContain("patient").doesNotContain("msg-1");
        assertThat(deliveries.findByToken(first.token().value()).orElseThrow().recipient()).isEqualTo("patient@outside.example");
        assertThat(deliveries.findByToken(second.token().value()).orElseThrow().id()).isEqualTo(second.deliveryId());
        assertThat(first.token()).hasToString("LinkToken[redacted]");
    }

    @Test
    void onlyTheHashOfATokenShouldBeStored() throws Exception {
        DeliveryStore.Created created = deliveries.create("msg-1", "patient@outside.example", T0);

        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT token_hash FROM vault_delivery");
             ResultSet row = select.executeQuery()) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(LinkToken.hash(created.token().value())).doesNotContain(created.token().value());
        }
    }

    @Test
    void unknownOrMalformedTokensShouldFindNothing() throws Exception {
        deliveries.create("msg-1", "patient@outside.example", T0);

        assertThat(deliveries.findByToken(LinkToken.generate().value())).isEmpty();
        assertThat(deliveries.findByToken("' OR '1'='1")).isEmpty();
        assertThat(deliveries.findByToken("")).isEmpty();
        assertThat(deliveries.findByToken(null)).isEmpty();
    }

    @Test
    void historyShouldKeepEveryStatusInOrder() throws Exception {
        DeliveryStore.Created created = deliveries.create("msg-1", "patient@outside.example", T0);
        deliveries.record(created.deliveryId(), DeliveryStatus.NOTIFIED, T0.plusSeconds(1));
        deliveries.record(created.deliveryId(), DeliveryStatus.RETRIEVED, T0.plusSeconds(60));
        deliveries.record(created.deliveryId(), DeliveryStatus.REPLIED, T0.plusSeconds(120));

        Delivery delivery = deliveries.find(created.deliveryId()).orElseThrow();
        assertThat(delivery.history()).extracting(Delivery.Event::status)
            .containsExactly(DeliveryStatus.NOTIFIED, DeliveryStatus.RETRIEVED, DeliveryStatus.REPLIED);
        assertThat(delivery.history().get(1).at()).isEqualTo(T0.plusSeconds(60));
        assertThat(delivery.reached(DeliveryStatus.UNDELIVERABLE)).isFalse();
        assertThat(deliveries.forMessage("msg-1")).extracting(Delivery::id).containsExactly(created.deliveryId());
    }

    @Test
    void listsShouldGiveEachDeliveryItsOwnHistoryInOrderOldestOrNewestFirst() throws Exception {
        messages.seal("msg-2", "dr.grey@hospital.example", ring, T0, T0.plusSeconds(3600),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream(new byte[] {2}))));
        DeliveryStore.Created first = deliveries.create("msg-1", "patient@outside.example", T0);
        DeliveryStore.Created untouched = deliveries.create("msg-1", "carer@outside.example", T0.plusSeconds(1));
        DeliveryStore.Created later = deliveries.create("msg-2", "Patient@Outside.Example", T0.plusSeconds(2));
        // Recorded interleaved, and more than a few per delivery, so that rows of one delivery come mixed with another's.
        for (int i = 0; i < 4; i++) {
            deliveries.record(later.deliveryId(), i % 2 == 0 ? DeliveryStatus.DELAYED : DeliveryStatus.QUEUED, T0.plusSeconds(10 + i));
            deliveries.record(first.deliveryId(), i == 3 ? DeliveryStatus.RETRIEVED : DeliveryStatus.NOTIFIED, T0.plusSeconds(20 + i));
        }

        assertThat(deliveries.forMessage("msg-1")).extracting(Delivery::id).containsExactly(first.deliveryId(), untouched.deliveryId());
        List<Delivery> inbox = deliveries.forRecipient("patient@outside.example");
        assertThat(inbox).extracting(Delivery::id).containsExactly(later.deliveryId(), first.deliveryId());
        assertThat(inbox.get(0).history()).extracting(Delivery.Event::status).containsExactly(DeliveryStatus.DELAYED,
            DeliveryStatus.QUEUED, DeliveryStatus.DELAYED, DeliveryStatus.QUEUED);
        assertThat(inbox.get(1).history()).extracting(Delivery.Event::at).containsExactly(T0.plusSeconds(20), T0.plusSeconds(21),
            T0.plusSeconds(22), T0.plusSeconds(23));
        assertThat(inbox.get(1).history().get(3).status()).isEqualTo(DeliveryStatus.RETRIEVED);
        assertThat(deliveries.find(untouched.deliveryId()).orElseThrow().history()).isEmpty();
        assertThat(deliveries.find("no-such-delivery")).isEmpty();
    }

    @Test
    void statusesRecordedAtOnceShouldAllBeKept() throws Exception {
        // A delay report, the notification's acceptance and a first view can land together.
        DeliveryStore.Created created = deliveries.create("msg-1", "patient@outside.example", T0);
        int writers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    deliveries.record(created.deliveryId(), DeliveryStatus.DELAYED, T0);
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(deliveries.find(created.deliveryId()).orElseThrow().history()).hasSize(writers);
    }

    @Test
    void queuedShouldNotBeRecordedOnceTheNotificationsFateWasRecordedSinceItsCallerReadTheHistory() throws Exception {
        DeliveryStore.Created created = deliveries.create("msg-1", "patient@outside.example", T0);
        deliveries.record(created.deliveryId(), DeliveryStatus.NOTIFIED, T0.plusSeconds(1));
        int known = deliveries.find(created.deliveryId()).orElseThrow().history().size();

        // Nothing since: recorded, after what the caller read, though that was a NOTIFIED.
        assertThat(deliveries.recordQueued(created.deliveryId(), T0.plusSeconds(60), known)).isTrue();
        // A RETRIEVED since does not overtake; a NOTIFIED, DELAYED or UNDELIVERABLE since does.
        deliveries.record(created.deliveryId(), DeliveryStatus.RETRIEVED, T0.plusSeconds(70));
        assertThat(deliveries.recordQueued(created.deliveryId(), T0.plusSeconds(80), known + 1)).isTrue();
        deliveries.record(created.deliveryId(), DeliveryStatus.NOTIFIED, T0.plusSeconds(90));
        assertThat(deliveries.recordQueued(created.deliveryId(), T0.plusSeconds(91), known + 3)).isFalse();

        assertThat(deliveries.find(created.deliveryId()).orElseThrow().history()).extracting(Delivery.Event::status).containsExactly(
            DeliveryStatus.NOTIFIED, DeliveryStatus.QUEUED, DeliveryStatus.RETRIEVED, DeliveryStatus.QUEUED, DeliveryStatus.NOTIFIED);
        DeliveryStore.Created fresh = deliveries.create("msg-1", "carer@outside.example", T0);
        DeliveryStore.Created bounced = deliveries.create("msg-1", "gone@outside.example", T0);
        deliveries.record(bounced.deliveryId(), DeliveryStatus.UNDELIVERABLE, T0.plusSeconds(2));
        assertThat(deliveries.recordQueued(fresh.deliveryId(), T0, 0)).as("a delivery without history").isTrue();
        assertThat(deliveries.recordQueued(bounced.deliveryId(), T0, 0)).as("bounced before").isFalse();
        assertThat(deliveries.find(bounced.deliveryId()).orElseThrow().history()).extracting(Delivery.Event::status)
            .containsExactly(DeliveryStatus.UNDELIVERABLE);
    }

    @Test
    void aStatusForADeliveryThatDoesNotExistShouldBeRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deliveries.record("no-such-delivery", DeliveryStatus.NOTIFIED, T0))
            .isInstanceOf(io.securemessenger.vault.store.VaultException.class).hasMessageContaining("no-such-delivery");
    }

    @Test
    void destroyingTheMessageShouldRemoveItsDeliveries() throws Exception {
        DeliveryStore.Created created = deliveries.create("msg-1", "patient@outside.example", T0);
        deliveries.record(created.deliveryId(), DeliveryStatus.NOTIFIED, T0);

        messages.destroy("msg-1");

        assertThat(deliveries.findByToken(created.token().value())).isEmpty();
        assertThat(deliveries.forMessage("msg-1")).isEmpty();
    }

    @Test
    void onlyADeliveryWithoutHistoryShouldBeDiscardedAndItsLinkThenOpensNothing() throws Exception {
        DeliveryStore.Created unused = deliveries.create("msg-1", "patient@outside.example", T0);
        DeliveryStore.Created notified = deliveries.create("msg-1", "carer@outside.example", T0);
        deliveries.record(notified.deliveryId(), DeliveryStatus.NOTIFIED, T0);

        assertThat(deliveries.discardUnused(notified.deliveryId())).isFalse();
        assertThat(deliveries.discardUnused(unused.deliveryId())).isTrue();

        assertThat(deliveries.findByToken(unused.token().value())).isEmpty();
        assertThat(deliveries.forMessage("msg-1")).extracting(Delivery::id).containsExactly(notified.deliveryId());
        assertThat(deliveries.forRecipient("Carer@Outside.Example")).extracting(Delivery::id).containsExactly(notified.deliveryId());
    }

    @Test
    void messagesShouldBeFoundBySenderRecipientDaysAndTheirRecipientsCurrentStatusNewestFirst() throws Exception {
        messages.seal("msg-2", "Dr.House@Hospital.Example", ring, T0.plusSeconds(86400), T0.plusSeconds(90000),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream(new byte[] {2}))));
        DeliveryStore.Created patient = deliveries.create("msg-1", "Patient@Outside.Example", T0);
        DeliveryStore.Created carer = deliveries.create("msg-2", "carer@outside.example", T0.plusSeconds(86400));
        DeliveryStore.Created patientAgain = deliveries.create("msg-2", "patient@outside.example", T0.plusSeconds(86400));
        deliveries.record(patient.deliveryId(), DeliveryStatus.NOTIFIED, T0);
        deliveries.record(patient.deliveryId(), DeliveryStatus.RETRIEVED, T0.plusSeconds(60));
        deliveries.record(carer.deliveryId(), DeliveryStatus.NOTIFIED, T0.plusSeconds(86400));
        deliveries.record(patientAgain.deliveryId(), DeliveryStatus.UNDELIVERABLE, T0.plusSeconds(86400));
        io.securemessenger.vault.store.MessageRecords records = new io.securemessenger.vault.store.MessageRecords(database);
        java.util.function.Function<io.securemessenger.vault.store.MessageQuery, List<String>> ids = query -> {
            try {
                return records.search(query, 10).stream().map(MessageRecords.Found::messageId)
                    .collect(java.util.stream.Collectors.toList());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        io.securemessenger.vault.store.MessageQuery all = io.securemessenger.vault.store.MessageQuery.all();

        assertThat(ids.apply(all)).containsExactly("msg-2", "msg-1");
        assertThat(ids.apply(all.recipient(java.util.Optional.of("PATIENT@outside.example")))).containsExactly("msg-2", "msg-1");
        assertThat(ids.apply(all.recipient(java.util.Optional.of("carer@outside.example")))).containsExactly("msg-2");
        assertThat(ids.apply(all.sender(java.util.Optional.of("dr.house@hospital.example")))).containsExactly("msg-2");
        assertThat(ids.apply(all.sealedBetween(java.util.Optional.of(T0), java.util.Optional.of(T0.plusSeconds(3600))))).containsExactly("msg-1");
        assertThat(ids.apply(all.status(java.util.Optional.of("RETRIEVED")))).containsExactly("msg-1");
        assertThat(ids.apply(all.status(java.util.Optional.of("NOTIFIED")))).as("the latest status counts").containsExactly("msg-2");
        assertThat(ids.apply(all.status(java.util.Optional.of("UNDELIVERABLE")).recipient(java.util.Optional.of("carer@outside.example"))))
            .as("both on the message, not necessarily the same recipient").containsExactly("msg-2");
        assertThat(records.find("msg-2").orElseThrow().sender()).isEqualTo("Dr.House@Hospital.Example");

        assertThat(records.changeExpiry("msg-1", T0.plusSeconds(7200))).isTrue();
        assertThat(records.find("msg-1").map(MessageRecords.Found::expiresAt)).contains(T0.plusSeconds(7200));
        messages.destroyContent("msg-1", T0.plusSeconds(7300));
        assertThat(records.changeExpiry("msg-1", T0.plusSeconds(9000))).as("destroyed").isFalse();
        assertThat(records.find("msg-1").orElseThrow().destroyedAt()).contains(T0.plusSeconds(7300));
    }

    @Test
    void activityShouldBeCountedPerDayAndPerWeekWithEveryDayOfTheRange() throws Exception {
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        java.time.LocalDate monday = java.time.LocalDate.parse("2026-11-30");
        java.util.function.Function<java.time.LocalDate, Instant> noon = day -> day.atTime(12, 0).atZone(zone).toInstant();
        messages.seal("mon-1", "dr.grey@hospital.example", ring, noon.apply(monday), noon.apply(monday).plusSeconds(86400 * 30),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream(new byte[] {1}))));
        messages.seal("tue-1", "dr.grey@hospital.example", ring, noon.apply(monday.plusDays(1)), noon.apply(monday).plusSeconds(86400 * 30),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream(new byte[] {1}))));
        messages.seal("next-mon", "dr.grey@hospital.example", ring, noon.apply(monday.plusDays(7)), noon.apply(monday).plusSeconds(86400 * 30),
            List.of(SealedMessageStore.Part.of("body", new ByteArrayInputStream(new byte[] {1}))));
        DeliveryStore.Created read = deliveries.create("mon-1", "patient@outside.example", noon.apply(monday));
        DeliveryStore.Created unread = deliveries.create("mon-1", "carer@outside.example", noon.apply(monday));
        DeliveryStore.Created bounced = deliveries.create("tue-1", "gone@outside.example", noon.apply(monday.plusDays(1)));
        deliveries.record(read.deliveryId(), DeliveryStatus.NOTIFIED, noon.apply(monday));
        deliveries.record(unread.deliveryId(), DeliveryStatus.NOTIFIED, noon.apply(monday));
        deliveries.record(read.deliveryId(), DeliveryStatus.RETRIEVED, noon.apply(monday.plusDays(1)));
        deliveries.record(read.deliveryId(), DeliveryStatus.REPLIED, noon.apply(monday.plusDays(1)));
        deliveries.record(bounced.deliveryId(), DeliveryStatus.UNDELIVERABLE, noon.apply(monday.plusDays(1)));
        deliveries.record(unread.deliveryId(), DeliveryStatus.RECALLED, noon.apply(monday.plusDays(2)));
        messages.destroyContent("tue-1", noon.apply(monday.plusDays(8)));
        io.securemessenger.vault.report.ActivityReport report = new io.securemessenger.vault.report.ActivityReport(database, zone);

        List<io.securemessenger.vault.report.ActivityReport.Period> days = report.daily(monday, monday.plusDays(8));

        assertThat(days).hasSize(9).extracting(io.securemessenger.vault.report.ActivityReport.Period::start)
            .startsWith(monday, monday.plusDays(1)).endsWith(monday.plusDays(8));
        assertThat(days.get(0).count(io.securemessenger.vault.report.Activity.SEALED)).isEqualTo(1);
        assertThat(days.get(0).count(io.securemessenger.vault.report.Activity.NOTIFIED)).isEqualTo(2);
        assertThat(days.get(0).count(io.securemessenger.vault.report.Activity.UNREAD)).as("the carer never opened it").isEqualTo(1);
        assertThat(days.get(1).count(io.securemessenger.vault.report.Activity.RETRIEVED)).isEqualTo(1);
        assertThat(days.get(1).count(io.securemessenger.vault.report.Activity.REPLIED)).isEqualTo(1);
        assertThat(days.get(1).count(io.securemessenger.vault.report.Activity.UNDELIVERABLE)).isEqualTo(1);
        assertThat(days.get(1).count(io.securemessenger.vault.report.Activity.UNREAD)).isEqualTo(1);
        assertThat(days.get(2).count(io.securemessenger.vault.report.Activity.RECALLED)).isEqualTo(1);
        assertThat(days.get(3).count(io.securemessenger.vault.report.Activity.SEALED)).as("a quiet day").isZero();
        assertThat(days.get(8).count(io.securemessenger.vault.report.Activity.EXPIRED)).isEqualTo(1);

        List<io.securemessenger.vault.report.ActivityReport.Period> weeks = report.weekly(monday.plusDays(1), monday.plusDays(8));
        assertThat(weeks).extracting(io.securemessenger.vault.report.ActivityReport.Period::start).containsExactly(monday, monday.plusDays(7));
        assertThat(weeks.get(0).count(io.securemessenger.vault.report.Activity.SEALED)).as("Monday is outside the range").isEqualTo(1);
        assertThat(weeks.get(1).count(io.securemessenger.vault.report.Activity.SEALED)).isEqualTo(1);
        assertThat(weeks.get(1).count(io.securemessenger.vault.report.Activity.EXPIRED)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> report.daily(monday, monday.minusDays(1)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRenewedLinkShouldOpenTheDeliveryAndTheOldOneNoLonger() throws Exception {
        DeliveryStore.Created created = deliveries.create("msg-1", "patient@outside.example", T0);

        LinkToken renewed = deliveries.renewToken(created.deliveryId()).orElseThrow();

        assertThat(deliveries.findByToken(renewed.value())).map(Delivery::id).contains(created.deliveryId());
        assertThat(deliveries.findByToken(created.token().value())).as("the old link").isEmpty();
        assertThat(deliveries.renewToken("no-such-delivery")).isEmpty();
    }
}
