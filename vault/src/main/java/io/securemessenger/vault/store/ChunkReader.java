package io.securemessenger.vault.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads chunk rows in order over one connection, closed with the stream. */
final class ChunkReader extends InputStream {
    private final Connection connection;
    private final String messageId;
    private final String partId;
    private final int chunks;
    private byte[] current = new byte[0];
    private int position;
    private int next;

    ChunkReader(Connection connection, String messageId, String partId, int chunks) {
        this.connection = connection;
        this.messageId = messageId;
        this.partId = partId;
        this.chunks = chunks;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (next == chunks) {
                return -1;
            }
            load();
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, out, off, n);
        position += n;
        return n;
    }

    private void load() throws IOException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT data FROM vault_part_chunk WHERE message_id = ? AND part_id = ? AND seq = ?")) {
            select.setString(1, messageId);
            select.setString(2, partId);
            select.setInt(3, next);
            try (ResultSet row = select.executeQuery()) {
                // A missing chunk ends the stream early; the decryption then reports truncation.
                current = row.next() ? row.getBytes(1) : new byte[0];
            }
        } catch (SQLException e) {
            throw new IOException("Cannot read chunk " + next + ": SQL state " + e.getSQLState(), e);
        }
        position = 0;
        next++;
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("Cannot close the vault connection: SQL state " + e.getSQLState(), e);
        }
    }
}
