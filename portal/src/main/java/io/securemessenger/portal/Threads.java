package io.securemessenger.portal;

import io.securemessenger.portal.message.MessagePage;
import io.securemessenger.portal.message.MessageView;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.account.AccountStore;
import io.securemessenger.vault.delivery.Delivery;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.SealedMessageStore;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sealed messages and the replies of their threads, opened from the vault and read for the pages. */
final class Threads {
    private static final Logger LOGGER = LoggerFactory.getLogger(Threads.class);

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

    /** What the page of the message a delivery announces shows. */
    MessagePage page(Delivery delivery) throws VaultException, IOException {
        return page(delivery.messageId());
    }

    /**
     * What the page of a message shows: from its sealed {@link MessagePage} when it has one,
     * otherwise read from the whole message and kept sealed beside it for the next view (the
     * first view of a message pays for the parse, and messages sealed by an earlier release get
     * their page then). A page this release cannot read is ignored, never an error page.
     */
    MessagePage page(String messageId) throws VaultException, IOException {
        Optional<InputStream> kept = vault.messages().openIfPresent(messageId, MessagePage.PART, vault.keyRing());
        if (kept.isPresent()) {
            try (InputStream in = kept.get()) {
                return MessagePage.read(in);
            } catch (IOException e) {
                LOGGER.warn("The kept page of message {} cannot be read ({}): reading the whole message", messageId, e.getMessage());
                return pageOfWhole(messageId);
            }
        }
        MessagePage page = pageOfWhole(messageId);
        vault.messages().addPart(messageId, vault.keyRing(), SealedMessageStore.Part.of(MessagePage.PART, page.toStream()));
        return page;
    }

    /** The page read from the whole message, with the subject of the sender's summary. */
    private MessagePage pageOfWhole(String messageId) throws VaultException, IOException {
        return read(messageId).page(vault.summary(messageId).map(MessageSummary::subject));
    }

    /** Whether the message's content is still in the vault (retention destroys it). */
    boolean readable(String messageId) throws VaultException {
        return !vault.messages().partIds(messageId).isEmpty();
    }

    /** The replies of the message's thread (not the message itself), oldest first, as rows; {@code writer}: only theirs. */
    List<Map<String, Object>> replies(String messageId, Optional<String> writer) throws VaultException, IOException {
        return replies(vault.records().threadOf(messageId), messageId, writer);
    }

    /** As {@link #replies(String, Optional)}, from the records of the message's {@code thread}, read already. */
    List<Map<String, Object>> replies(List<MessageRecords.Found> thread, String messageId, Optional<String> writer)
        throws VaultException, IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MessageRecords.Found message : thread) {
            String id = message.messageId();
            // A destroyed (expired) reply has no content left to show.
            if (id.equals(messageId) || message.destroyedAt().isPresent()) {
                continue;
            }
            if (writer.isPresent() && !writtenBy(message).equals(writer)) {
                continue;
            }
            rows.add(row(id));
        }
        return rows;
    }

    /** Who wrote a message, as accounts are named; empty for a null sender. */
    private static Optional<String> writtenBy(MessageRecords.Found message) {
        return Optional.ofNullable(message.sender()).filter(sender -> !sender.isEmpty()).map(AccountStore::normalise);
    }

    /** A reply as the pages show it: from, to, when, text, attachment names. */
    private Map<String, Object> row(String id) throws VaultException, IOException {
        MessagePage reply = page(id);
        Map<String, Object> row = new HashMap<>();
        row.put("from", reply.from());
        row.put("to", reply.to());
        row.put("sent", reply.sent().map(pages::when).orElse(""));
        row.put("text", reply.text().orElse(""));
        row.put("attachments", reply.attachments().stream().map(MessagePage.Listed::name).collect(Collectors.joining(", ")));
        return row;
    }
}
