package io.securemessenger.portal;

import io.securemessenger.portal.message.MessageView;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Sealed messages and the replies of their threads, opened from the vault and read for the pages. */
final class Threads {
    private final Vault vault;
    private final Pages pages;

    Threads(Vault vault, Pages pages) {
        this.vault = vault;
        this.pages = pages;
    }

    /** The sealed message a delivery announces. */
    MessageView read(Delivery delivery) throws VaultException, IOException {
        return read(delivery.messageId());
    }

    MessageView read(String messageId) throws VaultException, IOException {
        try (InputStream in = vault.messages().open(messageId, "message", vault.keyRing())) {
            return MessageView.read(messageId, in);
        }
    }

    /** Whether the message's content is still in the vault (retention destroys it). */
    boolean readable(String messageId) throws VaultException {
        return !vault.messages().partIds(messageId).isEmpty();
    }

    /** The replies of the message's thread (not the message itself), oldest first, as rows; {@code writer}: only theirs. */
    List<Map<String, Object>> replies(String messageId, Optional<String> writer) throws VaultException, IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : vault.messages().thread(messageId)) {
            if (id.equals(messageId) || !readable(id)) {
                continue;
            }
            if (writer.isPresent() && !vault.messages().sender(id).map(AccountStore::normalise).equals(writer)) {
                continue;
            }
            rows.add(row(id));
        }
        return rows;
    }

    /** A reply as the pages show it: from, to, when, text, attachment names. */
    private Map<String, Object> row(String id) throws VaultException, IOException {
        MessageView reply = read(id);
        Map<String, Object> row = new HashMap<>();
        row.put("from", reply.from());
        row.put("to", reply.to());
        row.put("sent", reply.sent().map(d -> pages.when(d.toInstant())).orElse(""));
        row.put("text", reply.text().orElse(""));
        row.put("attachments", reply.attachments().stream().map(MessageView.Attachment::name).collect(Collectors.joining(", ")));
        return row;
    }
}
