package io.securemessenger.mailets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.incident.DlpIncident;
import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a DLP hit (found by {@code DlpMatcher}) as incidents for the officer's console: one per
 * rule and place (subject, body, attachment, unreadable), with the masked sample and the action
 * taken, under the vault id the mail is sealed as. Recording the same mail again (after a crash)
 * adds nothing. While the vault's database does not answer, the mail waits in
 * {@code retryProcessor} (default {@code incident-retry}), which brings it back here: no incident
 * is skipped, and nothing after this mailet has run yet.
 *
 * <pre>{@code
 * <mailet match="HasMailAttribute=securemessenger.dlp.policy" class="io.securemessenger.mailets.RecordDlpIncident">
 *     <action>sealed</action>                       <!-- what the route does with the mail -->
 *     <retryProcessor>incident-retry</retryProcessor>
 * </mailet>
 * }</pre>
 */
public class RecordDlpIncident extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordDlpIncident.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vault vault;
    private final Clock clock;
    private String action;
    private String retryProcessor;

    @Inject
    public RecordDlpIncident(Vault vault) {
        this(vault, Clock.systemUTC());
    }

    RecordDlpIncident(Vault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("action", "retryProcessor"));
        action = getInitParameter("action", "sealed").strip();
        retryProcessor = getInitParameter("retryProcessor", "incident-retry").strip();
        if (action.isEmpty() || action.length() > 32 || retryProcessor.isEmpty()) {
            throw new MessagingException(getMailetName() + ": action must be a word of at most 32 characters, and retryProcessor a processor");
        }
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(retryProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> policy = MatcherVerdicts.dlpPolicy(mail);
        if (policy.isEmpty()) {
            return;
        }
        String sender = mail.getMaybeSender().asOptional().map(Object::toString).orElse("");
        String messageId = SealToVault.vaultIdOf(mail);
        // One incident per rule and place: two attachments with the same rule add their matches up, the first sample kept.
        java.util.Map<String, DlpIncident> incidents = new java.util.LinkedHashMap<>();
        for (String finding : MatcherVerdicts.dlpFindings(mail)) {
            String rule = "?";
            DlpIncident.Location location = DlpIncident.Location.BODY;
            int matches = 1;
            String sample = "";
            try {
                JsonNode f = JSON.readTree(finding);
                rule = f.path("rule").asText("?");
                location = DlpIncident.Location.of(f.path("location").asText("body"));
                matches = f.path("count").asInt(1);
                sample = f.path("sample").asText("");
            } catch (IOException e) {
                // A finding DlpMatcher wrote is always JSON; one that is not still counts, without its details.
            }
            DlpIncident incident = new DlpIncident(messageId, clock.instant(), sender, policy.get(), rule, location, matches, sample, action);
            incidents.merge(rule + "/" + location, incident, (first, next) -> new DlpIncident(messageId, first.at(), sender, policy.get(),
                first.rule(), first.location(), first.matches() + next.matches(), first.sample().isEmpty() ? next.sample() : first.sample(), action));
        }
        try {
            vault.incidents().record(new ArrayList<>(incidents.values()));
        } catch (VaultException e) {
            LOGGER.warn("DLP incidents of mail {} not recorded yet: {}; the mail waits in processor {}", mail.getName(), e.getMessage(),
                retryProcessor);
            mail.setState(retryProcessor);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: record DLP incidents";
    }
}
