package io.securemessenger.vault.store;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes a part's row and its sealed bytes as chunk rows of at most {@link SealedMessageStore#chunkBytes()} bytes. A part
 * that fits in one chunk (a summary, a page, most mail) costs two inserts: its row, written with
 * its size once the bytes are known, and its chunk. A larger one gets its row before its first
 * chunk (the chunks refer to it) and its size when closed. Its buffer starts small and grows
 * to a chunk only for parts that large: a chunk-sized array for each part was a third of all
 * the memory the sealed path allocated, each a "humongous" G1 allocation that forced
 * collections.
 */
final class ChunkWriter extends OutputStream {
    private static final int FIRST_BUFFER = 16 * 1024;
    private final Connection connection;
    private final String messageId;
    private final String partId;
    private final int chunk;
    private byte[] buffer;
    private int filled;
    private int seq;
    private long written;
    private boolean partRow;

    ChunkWriter(Connection connection, String messageId, String partId, int chunk) {
        this.connection = connection;
        this.messageId = messageId;
        this.partId = partId;
        this.chunk = chunk;
        this.buffer = new byte[Math.min(FIRST_BUFFER, chunk)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(chunk, buffer.length * 2));
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(data, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunk) {
                if (!partRow) {
                    insertPartRow(0, 0);
                }
                flushChunk();
            }
        }
    }

    private void insertPartRow(long sealedSize, int chunks) throws IOException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO vault_part (message_id, part_id, sealed_size, chunks) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setString(2, partId);
            insert.setLong(3, sealedSize);
            insert.setInt(4, chunks);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("Cannot store part " + partId + ": SQL state " + e.getSQLState(), e);
        }
        partRow = true;
    }

    private void flushChunk() throws IOException {
        if (filled == 0) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO vault_part_chunk (message_id, part_id, seq, data) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setString(2, partId);
            insert.setInt(3, seq);
            insert.setBytes(4, filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("Cannot store chunk " + seq + ": SQL state " + e.getSQLState(), e);
        }
        written += filled;
        seq++;
        filled = 0;
    }

    @Override
    public void close() throws IOException {
        if (!partRow) {
            insertPartRow(written + filled, filled == 0 ? 0 : 1);
            flushChunk();
            return;
        }
        flushChunk();
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE vault_part SET sealed_size = ?, chunks = ? WHERE message_id = ? AND part_id = ?")) {
            update.setLong(1, written);
            update.setInt(2, seq);
            update.setString(3, messageId);
            update.setString(4, partId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("Cannot store part " + partId + ": SQL state " + e.getSQLState(), e);
        }
    }
}
