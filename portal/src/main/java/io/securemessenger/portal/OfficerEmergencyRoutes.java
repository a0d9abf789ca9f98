package io.securemessenger.portal;

import io.securemessenger.portal.message.MessagePage;
import io.securemessenger.vault.Sizes;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.audit.AuditAction;
import io.securemessenger.vault.store.MessageRecords;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An officer's emergency access to one sealed message's content (HIPAA 164.312(a)(2)(ii)), from
 * its record page: a reason, recorded in the audit trail, and a mail to the other officers and the
 * sender, before anything is shown.
 */
final class OfficerEmergencyRoutes implements Routes {
    /** An emergency reason is at least this long: a sentence, not a keystroke. */
    static final int SHORTEST_REASON = 15;
    static final int LONGEST_REASON = 500;
    private static final Logger LOGGER = LoggerFactory.getLogger(OfficerEmergencyRoutes.class);

    private final Vault vault;
    private final OfficerMessageRoutes messages;
    private final Threads threads;
    private final PortalConfig config;
    private final InternalDirectory directory;
    private final OfficerNotices notices;
    private final Clock clock;

    OfficerEmergencyRoutes(Vault vault, OfficerMessageRoutes messages, Threads threads, PortalConfig config, InternalDirectory directory,
                           OfficerNotices notices, Clock clock) {
        this.vault = vault;
        this.messages = messages;
        this.threads = threads;
        this.config = config;
        this.directory = directory;
        this.notices = notices;
        this.clock = clock;
    }

    @Override
    public void define(Router router) {
        router.post(OfficerMessageRoutes.MESSAGES + "/([A-Za-z0-9_-]{1,64})/emergency", this::emergency);
    }

    /**
     * Emergency access (HIPAA 164.312(a)(2)(ii)): the officer's reason is recorded and the other
     * officers and the sender are told by mail before the content is shown; without another officer
     * to tell, or when the notices cannot be handed to the mail system, nothing is shown.
     */
    private void emergency(Exchange exchange) throws IOException, VaultException {
        Optional<OfficerMessageRoutes.Target> target = messages.target(exchange);
        if (target.isEmpty()) {
            return;
        }
        String officer = target.get().officer;
        MessageRecords.Found found = target.get().message;
        String reason = exchange.parameter("reason").strip().replaceAll("\\s+", " ");
        if (reason.length() < SHORTEST_REASON || reason.length() > LONGEST_REASON) {
            exchange.status(400);
            messages.render(exchange, found, Optional.empty(), Optional.of("Say in a sentence (" + SHORTEST_REASON + " to " + LONGEST_REASON
                + " characters) why you must open this message now."));
            return;
        }
        List<String> others = config.officers().stream().filter(o -> !o.equals(officer)).collect(Collectors.toList());
        if (others.isEmpty()) {
            exchange.status(409);
            messages.render(exchange, found, Optional.empty(), Optional.of("Emergency access tells a second officer, and you are the only one: ask "
                + "your administrator to list another officer (--officers)."));
            return;
        }
        if (found.destroyedAt().isPresent() || !threads.readable(found.messageId())) {
            exchange.status(410);
            messages.render(exchange, found, Optional.empty(), Optional.of("This message's content was destroyed at expiry: nobody can open it."));
            return;
        }
        List<String> told = new ArrayList<>(others);
        boolean senderInside = insider(found.sender());
        if (senderInside) {
            told.add(found.sender());
        }
        Instant now = clock.instant();
        vault.audit().append(AuditAction.EMERGENCY_ACCESS, officer, found.messageId(), "reason: " + reason + "; told: " + String.join(", ", told)
            + (senderInside ? "" : "; the sender is outside the organisation and was not told"));
        try {
            notices.emergencyAccess(told, officer, found.messageId(), found.sender(), found.sealedAt(), reason, now);
        } catch (Exception e) {
            LOGGER.warn("Emergency access notices for message {} could not be sent: {}", found.messageId(), e.getClass().getSimpleName());
            exchange.status(503);
            messages.render(exchange, found, Optional.empty(), Optional.of("The other officers and the sender cannot be told now, so the message is "
                + "not opened. Try again in a few minutes."));
            return;
        }
        MessagePage page = threads.page(found.messageId());
        Map<String, Object> values = exchange.values("Emergency access to a sealed message");
        values.put("id", found.messageId());
        values.put("subject", page.subject().orElse("(no subject)"));
        values.put("from", page.from());
        values.put("to", page.to());
        values.put("cc", page.cc());
        page.sent().ifPresent(sent -> values.put("sent", exchange.when(sent)));
        page.safeHtml().ifPresent(html -> values.put("html", html));
        page.text().ifPresent(text -> values.put("text", text));
        values.put("attachments", page.attachments().stream().map(a -> a.name() + " (" + Sizes.human(a.size()) + ")")
            .collect(Collectors.toList()));
        values.put("told", String.join(", ", told));
        values.put("reason", reason);
        exchange.render("officer-emergency", values);
    }

    /** Whether an address is one of the organisation's users (whom a notice may reach in clear); no when the directory cannot say. */
    private boolean insider(String address) {
        try {
            return !address.isBlank() && directory.isInternal(address.toLowerCase(Locale.ROOT));
        } catch (Exception e) {
            return false;
        }
    }

}
