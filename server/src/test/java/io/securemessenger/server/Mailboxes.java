package io.securemessenger.server;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.search.SubjectTerm;

/** What server tests read back: users' inboxes over IMAP (STARTTLS), DSN parts, and the vault's tables. */
final class Mailboxes {
    private final int imapPort;
    private final String password;
    private final Duration patience;

    Mailboxes(int imapPort, String password, Duration patience) {
        this.imapPort = imapPort;
        this.password = password;
        this.patience = patience;
    }

    /** What to read from an open inbox. */
    interface InboxReader<T> {
        T read(Folder inbox) throws Exception;
    }

    /**
     * Opens {@code user}'s INBOX read-only over IMAP with STARTTLS (the server's certificate and
     * name verified), hands it to {@code reader}, and closes it. Reads time out rather than hang.
     */
    static <T> T readInbox(int imapPort, String user, String password, InboxReader<T> reader) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        props.put("mail.imap.ssl.checkserveridentity", "true");
        props.put("mail.imap.connectiontimeout", "10000");
        props.put("mail.imap.timeout", "60000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("localhost", imapPort, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return reader.read(inbox);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** The first message in {@code user}'s inbox whose subject starts with, and whose subject and text contain, all the parts. */
    Message awaitSubject(String user, String... subjectParts) {
        return Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(500)).until(() -> find(user, subjectParts), Optional::isPresent).get();
    }

    Optional<Message> find(String user, String... subjectParts) throws Exception {
        return readInbox(imapPort, user, password, inbox -> {
            for (Message message : inbox.search(new SubjectTerm(subjectParts[0]))) {
                String whole = message.getSubject() + " " + message.getContent();
                boolean all = true;
                for (String part : subjectParts) {
                    all &= whole.contains(part);
                }
                if (all) {
                    return Optional.<Message>of(new MimeMessage((MimeMessage) message));
                }
            }
            return Optional.<Message>empty();
        });
    }

    Message awaitWhere(String user, java.util.function.Predicate<Message> condition) {
        return Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(500)).until(() -> readInbox(imapPort, user, password, inbox -> {
            for (Message message : inbox.getMessages()) {
                if (condition.test(message)) {
                    return Optional.<Message>of(new MimeMessage((MimeMessage) message));
                }
            }
            return Optional.<Message>empty();
        }), Optional::isPresent).get();
    }

    static boolean isReport(Message message) {
        try {
            return message.isMimeType("multipart/report");
        } catch (MessagingException e) {
            return false;
        }
    }

    static boolean dsnMentions(Message message, String recipient) {
        try {
            return partText((MimeMultipart) message.getContent(), "message/delivery-status").toLowerCase(java.util.Locale.ROOT)
                .contains(recipient);
        } catch (Exception e) {
            return false;
        }
    }

    /** Everything a person could read in a message: its text, and the decoded text of every part at any depth. */
    static String text(javax.mail.Part message) throws Exception {
        Object content = message.getContent();
        if (content instanceof MimeMultipart) {
            StringBuilder all = new StringBuilder();
            MimeMultipart multipart = (MimeMultipart) content;
            for (int i = 0; i < multipart.getCount(); i++) {
                all.append(text(multipart.getBodyPart(i))).append('\n');
            }
            return all.toString();
        }
        if (content instanceof String) {
            return (String) content;
        }
        if (content instanceof javax.mail.Part) {
            return text((javax.mail.Part) content);
        }
        try (java.io.InputStream in = message.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String partText(MimeMultipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            javax.mail.BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                try (java.io.InputStream in = part.getInputStream()) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    /** The statuses of every delivery to {@code recipient}, oldest first (same JVM, embedded Derby). */
    static List<String> deliveryStatuses(java.nio.file.Path dataDir, String recipient) throws Exception {
        org.apache.derby.jdbc.EmbeddedDataSource derby = new org.apache.derby.jdbc.EmbeddedDataSource();
        derby.setDatabaseName(dataDir.resolve("vault/db").toString());
        List<String> statuses = new java.util.ArrayList<>();
        try (java.sql.Connection connection = derby.getConnection();
             java.sql.PreparedStatement select = connection.prepareStatement("SELECT e.status FROM vault_delivery d JOIN vault_delivery_event e "
                 + "ON e.delivery_id = d.id WHERE d.recipient = ? ORDER BY d.created_at, e.seq")) {
            select.setString(1, recipient);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
        }
        return statuses;
    }

    /** Every row of the vault's tables as text, read while the server runs (same JVM, embedded Derby). */
    static String vaultDump(java.nio.file.Path dataDir) throws Exception {
        org.apache.derby.jdbc.EmbeddedDataSource derby = new org.apache.derby.jdbc.EmbeddedDataSource();
        derby.setDatabaseName(dataDir.resolve("vault/db").toString());
        StringBuilder dump = new StringBuilder();
        try (java.sql.Connection connection = derby.getConnection()) {
            for (String table : List.of("VAULT_MESSAGE", "VAULT_PART", "VAULT_PART_CHUNK", "VAULT_DELIVERY", "VAULT_DELIVERY_EVENT", "VAULT_AUDIT")) {
                try (java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                            Object value = rows.getObject(i);
                            if (value instanceof java.sql.Blob) {
                                java.sql.Blob blob = (java.sql.Blob) value;
                                value = new String(blob.getBytes(1, (int) blob.length()), java.nio.charset.StandardCharsets.ISO_8859_1);
                            } else if (value instanceof byte[]) {
                                value = new String((byte[]) value, java.nio.charset.StandardCharsets.ISO_8859_1);
                            }
                            dump.append(value).append('|');
                        }
                        dump.append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
