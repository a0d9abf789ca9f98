package io.securemessenger.vault.audit;

import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkpoints of the audit trail kept in a file beside the database, not in it: each line names a
 * record's sequence number and hash, when it was written, and an HMAC over them under an audit key.
 * A trail cut off after a checkpoint, or rewritten at or before one, no longer matches it. Lines are
 * only appended, and each append is forced to disk.
 */
final class Checkpoints {
    /** One line of the file. */
    static final class Checkpoint {
        final long seq;
        final String hash;
        final Instant at;
        final String keyId;
        final String mac;
        final int line;

        Checkpoint(long seq, String hash, Instant at, String keyId, String mac, int line) {
            this.seq = seq;
            this.hash = hash;
            this.at = at;
            this.keyId = keyId;
            this.mac = mac;
            this.line = line;
        }

        String signed() {
            return text(seq, hash, at);
        }
    }

    private final Path file;

    Checkpoints(Path file) {
        this.file = file;
    }

    static String text(long seq, String hash, Instant at) {
        return "checkpoint\n" + seq + "\n" + hash + "\n" + at.toEpochMilli();
    }

    synchronized void append(long seq, String hash, Instant at, AuditKeys.Key key) throws VaultException {
        String line = seq + " " + hash + " " + at.toEpochMilli() + " " + key.id() + " " + key.mac(text(seq, hash, at)) + "\n";
        try {
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                channel.force(false);
            }
            if (created && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new VaultException("Cannot write the audit checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every checkpoint in the file, in order; a line that cannot be read is returned with no hash. */
    synchronized List<Checkpoint> read() throws VaultException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        if (!Files.exists(file)) {
            return checkpoints;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new VaultException("Cannot read the audit checkpoint file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(" ");
            try {
                checkpoints.add(new Checkpoint(Long.parseLong(fields[0]), fields[1], Instant.ofEpochMilli(Long.parseLong(fields[2])), fields[3],
                    fields[4], i + 1));
            } catch (RuntimeException e) {
                checkpoints.add(new Checkpoint(-1, "", Instant.EPOCH, "", "", i + 1));
            }
        }
        return checkpoints;
    }

    Path file() {
        return file;
    }
}
