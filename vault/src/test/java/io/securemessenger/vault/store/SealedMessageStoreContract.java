package io.securemessenger.vault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.vault.crypto.CryptoException;
import io.securemessenger.vault.crypto.KeyRing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the store must do, on every database the vault supports. */
abstract class SealedMessageStoreContract {
    private static final String BODY = "Your biopsy results are ready: benign. Dr Grey";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    protected VaultDatabase database;
    private SealedMessageStore store;
    private MessageRecords records;
    private KeyRing ring;
    private SecretKey first;

    abstract VaultDatabase openDatabase() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        database = openDatabase();
        store = new SealedMessageStore(database);
        records = new MessageRecords(database);
        first = aes256();
        ring = KeyRing.builder().add("mk-0001", first).primary("mk-0001").build();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    static SecretKey aes256() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return generator.generateKey();
    }

    private static SealedMessageStore.Part part(String id, byte[] content) {
        return SealedMessageStore.Part.of(id, new ByteArrayInputStream(content));
    }

    private byte[] read(String messageId, String partId, KeyRing keys) throws Exception {
        try (InputStream in = store.open(messageId, partId, keys)) {
            return in.readAllBytes();
        }
    }

    private void seal(String messageId, byte[] body, byte[] attachment) throws VaultException {
        store.seal(messageId, "dr.grey@hospital.example", ring, NOW, NOW.plus(30, ChronoUnit.DAYS),
            List.of(part("body", body), part("attachment-1", attachment)));
    }

    @Test
    void sealedPartsShouldOpenAsTheyWere() throws Exception {
        byte[] attachment = new byte[3 * store.chunkBytes() + 12345];
        new Random(1).nextBytes(attachment);

        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), attachment);

        assertThat(store.partIds("msg-1")).containsExactlyInAnyOrder("body", "attachment-1");
        assertThat(new String(read("msg-1", "body", ring), StandardCharsets.UTF_8)).isEqualTo(BODY);
        assertThat(read("msg-1", "attachment-1", ring)).isEqualTo(attachment);
    }

    @Test
    void aSendersMessagesShouldBeFoundWhateverTheCaseOfTheAddressNewestFirstWithoutTheirReplies() throws Exception {
        store.seal("msg-1", "Dr.Grey@Hospital.Example", ring, NOW, NOW.plusSeconds(3600), List.of(part("body", new byte[1])));
        store.seal("msg-2", "dr.grey@hospital.example", ring, NOW.plusSeconds(1), NOW.plusSeconds(3600), List.of(part("body", new byte[1])));
        store.seal("msg-3", "dr.shepherd@hospital.example", ring, NOW.plusSeconds(2), NOW.plusSeconds(3600), List.of(part("body", new byte[1])));
        store.sealReply("reply-1", "msg-1", "DR.GREY@hospital.example", ring, NOW.plusSeconds(3), NOW.plusSeconds(3600),
            List.of(part("body", new byte[1])));

        assertThat(records.sentBy(" DR.GREY@HOSPITAL.EXAMPLE ", 10)).containsExactly("msg-2", "msg-1");
        assertThat(records.sentBy("dr.grey@hospital.example", 1)).containsExactly("msg-2");
    }

    @Test
    void openingWhatIsNotThereShouldSayWhy() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[3]);

        assertThatThrownBy(() -> store.open("msg-1", "attachment-9", ring)).isInstanceOf(VaultException.class)
            .hasMessage("Message msg-1 has no part attachment-9");
        assertThatThrownBy(() -> store.open("msg-2", "body", ring)).isInstanceOf(VaultException.class)
            .hasMessageContaining("No sealed message msg-2");
        store.destroyContent("msg-1", NOW.plusSeconds(60));
        assertThatThrownBy(() -> store.open("msg-1", "body", ring)).isInstanceOf(VaultException.class)
            .hasMessageContaining("msg-1 has expired");
        assertThat(store.openIfPresent("msg-1", "body", ring)).isEmpty();
    }

    @Test
    void partsOfEverySizeAroundAChunkShouldOpenAsTheyWereWithTheirSealedSizeRecorded() throws Exception {
        int[] sizes = {0, 1, 16 * 1024 + 1, store.chunkBytes() - 200, store.chunkBytes(), store.chunkBytes() + 200,
            2 * store.chunkBytes()};
        List<SealedMessageStore.Part> parts = new java.util.ArrayList<>();
        byte[][] contents = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            contents[i] = new byte[sizes[i]];
            new Random(i).nextBytes(contents[i]);
            parts.add(part("part-" + i, contents[i]));
        }

        store.seal("msg-1", "dr.grey@hospital.example", ring, NOW, NOW.plus(30, ChronoUnit.DAYS), parts);

        for (int i = 0; i < sizes.length; i++) {
            assertThat(read("msg-1", "part-" + i, ring)).as("part of %d bytes", sizes[i]).isEqualTo(contents[i]);
        }
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT p.part_id, p.sealed_size, p.chunks, SUM(LENGTH(c.data)), COUNT(c.seq)"
                 + " FROM vault_part p LEFT JOIN vault_part_chunk c ON c.message_id = p.message_id AND c.part_id = p.part_id"
                 + " WHERE p.message_id = 'msg-1' GROUP BY p.part_id, p.sealed_size, p.chunks");
             ResultSet rows = select.executeQuery()) {
            int seen = 0;
            while (rows.next()) {
                seen++;
                assertThat(rows.getLong(2)).as("sealed size of %s", rows.getString(1)).isEqualTo(rows.getLong(4));
                assertThat(rows.getInt(3)).as("chunks of %s", rows.getString(1)).isEqualTo(rows.getInt(5));
            }
            assertThat(seen).isEqualTo(sizes.length);
        }
    }

    @Test
    void sealingAnIdTheVaultHoldsShouldWriteNothingAndSaySo() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[10]);

        boolean sealed = store.sealUnlessSealed("msg-1", "someone.else@hospital.example", ring, NOW.plusSeconds(60), NOW.plus(1, ChronoUnit.DAYS),
            List.of(part("body", "another body".getBytes(StandardCharsets.UTF_8))));

        assertThat(sealed).isFalse();
        assertThat(new String(read("msg-1", "body", ring), StandardCharsets.UTF_8)).isEqualTo(BODY);
        assertThat(store.partIds("msg-1")).containsExactlyInAnyOrder("body", "attachment-1");
        assertThat(records.sealedAt("msg-1")).contains(NOW);
        assertThatThrownBy(() -> seal("msg-1", new byte[1], new byte[1])).isInstanceOf(VaultException.class).hasMessageContaining("already");
        assertThat(store.sealUnlessSealed("msg-2", "dr.grey@hospital.example", ring, NOW, NOW.plus(1, ChronoUnit.DAYS),
            List.of(part("body", new byte[3])))).isTrue();
    }

    @Test
    void theDatabaseShouldNeverHoldThePlaintext() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), "Patient SSN 536-22-8845".getBytes(StandardCharsets.UTF_8));

        String dump = dump("vault_message") + dump("vault_part") + dump("vault_part_chunk");
        assertThat(dump).contains("msg-1").doesNotContain("biopsy").doesNotContain("536-22-8845");
    }

    @Test
    void alteredStoredDataShouldNotOpen() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[10]);
        try (Connection connection = database.connection()) {
            byte[] chunk;
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT data FROM vault_part_chunk WHERE message_id = 'msg-1' AND part_id = 'body'");
                 ResultSet row = select.executeQuery()) {
                row.next();
                chunk = row.getBytes(1);
            }
            chunk[chunk.length - 3] ^= 1;
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE vault_part_chunk SET data = ? WHERE message_id = 'msg-1' AND part_id = 'body'")) {
                update.setBytes(1, chunk);
                update.executeUpdate();
            }
        }

        assertThatThrownBy(() -> read("msg-1", "body", ring)).isInstanceOf(IOException.class).hasCauseInstanceOf(CryptoException.class);
    }

    @Test
    void partsMovedBetweenMessagesShouldNotOpen() throws Exception {
        seal("msg-1", "first".getBytes(StandardCharsets.UTF_8), new byte[1]);
        seal("msg-2", "second".getBytes(StandardCharsets.UTF_8), new byte[1]);
        try (Connection connection = database.connection();
             PreparedStatement swap = connection.prepareStatement(
                 "UPDATE vault_part_chunk SET data = (SELECT data FROM vault_part_chunk WHERE message_id = 'msg-1' AND part_id = 'body') "
                     + "WHERE message_id = 'msg-2' AND part_id = 'body'")) {
            swap.executeUpdate();
        }

        assertThatThrownBy(() -> read("msg-2", "body", ring)).isInstanceOf(IOException.class);
    }

    @Test
    void aFailedSealShouldLeaveNothingBehind() throws Exception {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 2 * store.chunkBytes()) {
                    throw new IOException("connection reset by peer");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> store.seal("msg-1", "dr.grey@hospital.example", ring, NOW, NOW.plusSeconds(60),
            List.of(part("body", new byte[5]), SealedMessageStore.Part.of("attachment-1", failing))))
            .isInstanceOf(VaultException.class).hasMessageContaining("msg-1");
        assertThat(dump("vault_message") + dump("vault_part") + dump("vault_part_chunk")).doesNotContain("msg-1");
        assertThatThrownBy(() -> store.partIds("msg-1")).hasMessageContaining("No sealed message msg-1");
    }

    @Test
    void rewrapShouldMoveDataKeysToTheNewPrimaryWithoutTouchingParts() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[3]);
        String chunksBefore = dump("vault_part_chunk");
        SecretKey second = aes256();
        KeyRing rotated = KeyRing.builder().add("mk-0001", first).add("mk-0002", second).primary("mk-0002").build();

        assertThat(store.rewrap(rotated)).isEqualTo(1);
        assertThat(store.rewrap(rotated)).isZero();

        assertThat(store.masterKeysInUse()).containsExactly("mk-0002");
        assertThat(dump("vault_part_chunk")).isEqualTo(chunksBefore);
        KeyRing retired = KeyRing.builder().add("mk-0002", second).primary("mk-0002").build();
        assertThat(new String(read("msg-1", "body", retired), StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    @Test
    void destroyShouldMakeAMessageUnrecoverable() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[3]);

        assertThat(store.destroy("msg-1")).isTrue();
        assertThat(store.destroy("msg-1")).isFalse();

        assertThat(dump("vault_message") + dump("vault_part") + dump("vault_part_chunk")).doesNotContain("msg-1");
        assertThatThrownBy(() -> store.open("msg-1", "body", ring)).isInstanceOf(VaultException.class)
            .hasMessageContaining("No sealed message msg-1");
    }

    @Test
    void aPartAddedLaterShouldOpenUnderTheMessageKeyOnlyWhileTheContentLasts() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[3]);
        assertThat(store.openIfPresent("msg-1", "page", ring)).isEmpty();

        assertThat(store.addPart("msg-1", ring, part("page", "the page of msg-1".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(store.addPart("msg-1", ring, part("page", "a second page".getBytes(StandardCharsets.UTF_8)))).isFalse();

        try (InputStream in = store.openIfPresent("msg-1", "page", ring).orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("the page of msg-1");
        }
        assertThat(dump("vault_part_chunk")).doesNotContain("the page of msg-1");
        assertThat(store.partIds("msg-1")).contains("page", "body");

        assertThat(store.destroyContent("msg-1", NOW)).isTrue();
        assertThat(store.openIfPresent("msg-1", "page", ring)).isEmpty();
        assertThat(store.addPart("msg-1", ring, part("page", "after expiry".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(store.partIds("msg-1")).isEmpty();
    }

    /** Every database is opened twice in set-up (TestDatabases): a second open must find the schema in place. */
    @Test
    void theSchemaHistoryShouldRecordTheMigrationsAfterASecondOpen() throws Exception {
        seal("msg-1", BODY.getBytes(StandardCharsets.UTF_8), new byte[3]);
        // Flyway names its table in lower case, quoted.
        assertThat(dump("\"vault_schema_history\"")).contains("sealed messages");
    }

    /** Every column of every row, as text: what a database dump would show. */
    private String dump(String table) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table);
             ResultSet rows = select.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    if (value instanceof java.sql.Blob) {
                        java.sql.Blob blob = (java.sql.Blob) value;
                        value = blob.getBytes(1, (int) blob.length());
                    }
                    out.append(value instanceof byte[] ? new String((byte[]) value, StandardCharsets.ISO_8859_1) : String.valueOf(value)).append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void repliesShouldBeSealedInTheThreadOfTheMessageTheyAnswer() throws Exception {
        store.seal("msg-1", "dr.grey@hospital.example", ring, NOW, NOW.plusSeconds(3600), List.of(part("body", new byte[1])));
        store.seal("msg-other", "dr.grey@hospital.example", ring, NOW, NOW.plusSeconds(3600), List.of(part("body", new byte[1])));
        store.sealReply("reply-1", "msg-1", "patient@outside.example", ring, NOW.plusSeconds(60), NOW.plusSeconds(3600),
            List.of(part("body", new byte[1])));
        store.sealReply("reply-2", "reply-1", "dr.grey@hospital.example", ring, NOW.plusSeconds(120), NOW.plusSeconds(3600),
            List.of(part("body", new byte[1])));

        // Sealed last, but earliest of the replies by its time: the thread is in the order they were written.
        store.sealReply("reply-9", "msg-1", "carer@outside.example", ring, NOW.plusSeconds(30), NOW.plusSeconds(3600),
            List.of(part("body", new byte[1])));

        assertThat(records.threadOf("reply-2")).extracting(MessageRecords.Found::messageId).containsExactly("msg-1", "reply-9", "reply-1", "reply-2");
        assertThat(records.threadOf("msg-1")).extracting(MessageRecords.Found::messageId).containsExactly("msg-1", "reply-9", "reply-1", "reply-2");
        assertThat(records.threadOf("msg-other")).extracting(MessageRecords.Found::messageId).containsExactly("msg-other");
        assertThat(records.inReplyTo("reply-2")).contains("reply-1");
        assertThat(records.inReplyTo("msg-1")).isEmpty();
        assertThat(records.sender("reply-1")).contains("patient@outside.example");
        assertThat(records.threadOf("no-such-message")).extracting(MessageRecords.Found::messageId).isEmpty();
        assertThatThrownBy(() -> store.sealReply("reply-3", "no-such-message", "x@outside.example", ring, NOW, NOW.plusSeconds(60),
            List.of(part("body", new byte[1])))).isInstanceOf(VaultException.class).hasMessageContaining("not in the vault");
        assertThat(records.threadOf("reply-3")).extracting(MessageRecords.Found::messageId).as("nothing of it stored").isEmpty();
    }

    @Test
    void aThreadsRecordsShouldGiveEachMessagesSenderExpiryAndWhetherItsContentIsDestroyed() throws Exception {
        store.seal("msg-1", "dr.grey@hospital.example", ring, NOW, NOW.plusSeconds(3600), List.of(part("body", new byte[1])));
        store.sealReply("reply-1", "msg-1", "patient@outside.example", ring, NOW.plusSeconds(60), NOW.plusSeconds(600),
            List.of(part("body", new byte[1])));
        store.sealReply("reply-2", "msg-1", "dr.grey@hospital.example", ring, NOW.plusSeconds(120), NOW.plusSeconds(7200),
            List.of(part("body", new byte[1])));
        store.destroyContent("reply-1", NOW.plusSeconds(600));

        List<MessageRecords.Found> thread = records.threadOf("reply-2");

        assertThat(thread).extracting(MessageRecords.Found::messageId).containsExactly("msg-1", "reply-1", "reply-2");
        assertThat(thread).extracting(MessageRecords.Found::sender)
            .containsExactly("dr.grey@hospital.example", "patient@outside.example", "dr.grey@hospital.example");
        assertThat(thread).extracting(MessageRecords.Found::expiresAt)
            .containsExactly(NOW.plusSeconds(3600), NOW.plusSeconds(600), NOW.plusSeconds(7200));
        assertThat(thread.get(1).destroyedAt()).contains(NOW.plusSeconds(600));
        assertThat(thread.get(0).destroyedAt()).isEmpty();
        assertThat(thread.get(2).inReplyTo()).contains("msg-1");
        assertThat(records.threadOf("no-such-message")).isEmpty();
    }
}
