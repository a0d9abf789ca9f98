package io.securemessenger.mailets;

import io.securemessenger.dlp.DlpPolicies;
import io.securemessenger.dlp.DlpPolicy;
import io.securemessenger.dlp.DlpScanner;
import io.securemessenger.dlp.Location;
import io.securemessenger.dlp.PolicyException;
import io.securemessenger.dlp.Segment;
import java.io.IOException;
import java.util.List;
import javax.mail.MessagingException;
import org.apache.james.filesystem.api.FileSystem;

/**
 * A DLP policy asked about a subject alone, before any mail quotes it: whatever route brought a
 * mail to be sealed (trigger word, DLP hit, TLS fallback, a portal reply), a subject that trips the
 * policy is never shown outside. A subject that cannot be scanned counts as flagged.
 */
final class SubjectPolicy {
    static final String DEFAULT_FILE = "file://conf/dlp-policies.xml";
    static final String DEFAULT_POLICY = "hipaa";

    private final DlpPolicy policy;
    private final DlpScanner scanner = new DlpScanner();

    private SubjectPolicy(DlpPolicy policy) {
        this.policy = policy;
    }

    /** Loads {@code policyName} from {@code fileUrl}; a missing file or policy fails with a message naming the parameter. */
    static SubjectPolicy load(FileSystem fileSystem, String fileUrl, String policyName, String mailetName) throws MessagingException {
        DlpPolicies policies;
        try {
            policies = DlpPolicies.load(fileSystem.getFile(fileUrl).toPath());
        } catch (IOException e) {
            throw new MessagingException(mailetName + ": policyFile=" + fileUrl + " cannot be read", e);
        } catch (PolicyException e) {
            throw new MessagingException(mailetName + ": policyFile=" + fileUrl + ": " + e.getMessage(), e);
        }
        return new SubjectPolicy(policies.policy(policyName).orElseThrow(() -> new MessagingException(mailetName + ": subjectPolicy="
            + policyName + " is not defined in " + fileUrl + " (defined: " + String.join(", ", policies.names()) + ")")));
    }

    String name() {
        return policy.name();
    }

    /** Whether the policy fires on {@code subject} (already decoded and without the trigger word). */
    boolean flags(String subject) {
        try {
            return scanner.scan(policy, List.of(Segment.of(Location.SUBJECT, subject))).fired();
        } catch (RuntimeException e) {
            return true;
        }
    }
}
